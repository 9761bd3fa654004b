"""Write access to validating or mutating admission webhook configurations."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.rbac import policy_rules
from linter.model import Hit, Subject

RESOURCES = ("validatingwebhookconfigurations", "mutatingwebhookconfigurations", "*")
WRITE = ("create", "update", "patch", "delete", "deletecollection", "*")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule in policy_rules(subject.node):
        groups = rule.values("apiGroups")
        if not groups & {"admissionregistration.k8s.io", "*"}:
            continue
        verbs = [v for v in WRITE if v in rule.values("verbs")]
        if rule.values("resourceNames"):
            verbs = [v for v in verbs if v in ("create", "*")]  # named: only its own configurations
        if not verbs:
            continue
        for seq, i, value in rule.items("resources"):
            if value in RESOURCES and not (value == "*" and "*" in rule.values("verbs") and "*" in groups):
                yield Hit(seq, i, attr=f"rules[{rule.index}].resources[{i}]",
                          values={"value": value, "verbs": "/".join(verbs)})

"""`*` in apiGroups with named resources and verbs (K8S040 reports `*` verbs/resources):
the grant reaches every API group serving a resource of that name, now and later."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.rbac import policy_rules
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule in policy_rules(subject.node):
        if "*" in rule.values("verbs") or "*" in rule.values("resources"):
            continue  # K8S040 reports the broader wildcard
        if rule.node.get("nonResourceURLs") and not rule.node.get("resources"):
            continue
        for seq, i, value in rule.items("apiGroups"):
            if value == "*":
                resources = ", ".join(sorted(rule.values("resources"))) or "?"
                yield Hit(seq, i, attr=f"rules[{rule.index}].apiGroups[{i}]",
                          values={"resources": resources})

"""escalate / bind verbs (a `*` verb is K8S040's)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.rbac import policy_rules
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule in policy_rules(subject.node):
        resources = ", ".join(sorted(rule.values("resources"))) or "roles"
        for seq, i, value in rule.items("verbs"):
            if value in ("escalate", "bind"):
                yield Hit(seq, i, attr=f"rules[{rule.index}].verbs[{i}]",
                          values={"value": value, "resources": resources})

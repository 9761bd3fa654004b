"""`*` in a rule's verbs or resources (apiGroups alone is narrowed by resources)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.rbac import policy_rules
from linter.model import Hit, Subject

WHAT = {"verbs": "verb", "resources": "resource type"}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule in policy_rules(subject.node):
        for field in ("verbs", "resources"):
            for seq, i, value in rule.items(field):
                if value == "*":
                    yield Hit(seq, i, attr=f"rules[{rule.index}].{field}[{i}]",
                              values={"value": "*", "field": field, "what": WHAT[field]})

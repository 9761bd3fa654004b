"""nodes/proxy (or nodes/*) with any verb that reaches the kubelet."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_rbac import policy_rules
from linter.model import Hit, Subject

VERBS = ("get", "create", "*")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule in policy_rules(subject.node):
        if not rule.core_group():
            continue
        verbs = [v for v in VERBS if v in rule.values("verbs")]
        if not verbs:
            continue
        for seq, i, value in rule.items("resources"):
            if value in ("nodes/proxy", "nodes/*"):
                yield Hit(seq, i, attr=f"rules[{rule.index}].resources[{i}]",
                          values={"value": value, "verbs": "/".join(verbs)})

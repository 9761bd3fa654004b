"""pods/exec, pods/attach (or pods/*, or `*`) with create or get (exec over websockets
uses GET)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_rbac import policy_rules
from linter.model import Hit, Subject

SUBRESOURCES = ("pods/exec", "pods/attach", "pods/*", "*")
VERBS = ("create", "get", "*")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule in policy_rules(subject.node):
        if not rule.core_group():
            continue
        verbs = [v for v in VERBS if v in rule.values("verbs")]
        if not verbs:
            continue
        for seq, i, value in rule.items("resources"):
            if value == "*" and not {"create", "*"} & set(verbs):
                continue  # read-only wildcards: exec by GET is only a legacy path
            if value in SUBRESOURCES:
                yield Hit(seq, i, attr=f"rules[{rule.index}].resources[{i}]",
                          values={"value": value, "verbs": "/".join(verbs)})

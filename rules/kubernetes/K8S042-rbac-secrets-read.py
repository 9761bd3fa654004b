"""get/list/watch on secrets (or on `*`) in the core group; named `get` only is
acceptable."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_rbac import policy_rules
from linter.model import Hit, Subject

READ = ("get", "list", "watch", "*")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    cluster_wide = subject.node.get("kind") == "ClusterRole"
    for rule in policy_rules(subject.node):
        if not rule.core_group():
            continue
        verbs = [v for v in READ if v in rule.values("verbs")]
        if not verbs:
            continue
        named = bool(rule.values("resourceNames"))
        if named and set(verbs) <= {"get"}:
            continue
        for seq, i, value in rule.items("resources"):
            if value in ("secrets", "*"):
                scope = " in every namespace" if cluster_wide else ""
                yield Hit(seq, i, attr=f"rules[{rule.index}].resources[{i}]",
                          values={"value": value, "verbs": "/".join(verbs), "scope": scope,
                                  "how": " (through resources: ['*'])" if value == "*" else ""})

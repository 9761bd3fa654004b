"""get/list/watch on secrets (or on `*`) in the core group; named `get` only is
acceptable."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")

READ = ("get", "list", "watch", "*")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    cluster_wide = subject.node.get("kind") == "ClusterRole"
    for rule, verbs in k8s.core_rules(subject.node, READ):
        named = bool(rule.values("resourceNames"))
        if named and set(verbs) <= {"get"}:
            continue
        for seq, i, value in rule.items("resources"):
            if value in ("secrets", "*"):
                yield k8s.resource_hit(
                    rule, seq, i, value, verbs, scope=" in every namespace" if cluster_wide else "",
                    how=" (through resources: ['*'])" if value == "*" else "")

"""pods/exec, pods/attach (or pods/*, or `*`) with create or get (exec over websockets
uses GET)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")

SUBRESOURCES = ("pods/exec", "pods/attach", "pods/*", "*")
VERBS = ("create", "get", "*")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule, verbs in k8s.core_rules(subject.node, VERBS):
        for seq, i, value in rule.items("resources"):
            if value == "*" and not {"create", "*"} & set(verbs):
                continue  # read-only wildcards: exec by GET is only a legacy path
            if value in SUBRESOURCES:
                yield k8s.resource_hit(rule, seq, i, value, verbs)

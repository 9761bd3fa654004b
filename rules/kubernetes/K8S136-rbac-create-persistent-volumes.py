"""create (or `*`) on persistentvolumes: a hostPath PersistentVolume mounts any node path."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule, verbs in k8s.core_rules(subject.node, ("create", "*")):
        for seq, i, value in rule.items("resources"):
            if value == "persistentvolumes":
                yield k8s.resource_hit(rule, seq, i, value, verbs)

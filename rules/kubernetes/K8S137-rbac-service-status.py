"""update/patch on services/status: set status.loadBalancer.ingress.ip (CVE-2020-8554)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule, verbs in k8s.core_rules(subject.node, ("update", "patch", "*")):
        for seq, i, value in rule.items("resources"):
            if value in ("services/status", "services/*"):
                yield k8s.resource_hit(rule, seq, i, value, verbs)

"""Ingress firewall rules that admit the whole Internet on SSH (TCP 22)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

lib = load_sibling(__file__, "_gcp.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.type == "module":
        yield from lib.module_firewall_hits(subject.node, 22, ('tcp',))
    elif subject.type in lib.POLICY_RULE_TYPES:
        yield from lib.policy_rule_hits(subject.node, 22, ('tcp',))
    else:
        yield from lib.firewall_hits(subject.node, 22, ('tcp',))

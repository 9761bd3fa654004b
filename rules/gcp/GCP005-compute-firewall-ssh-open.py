"""Ingress firewall rules that admit the whole Internet on SSH (TCP 22)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

firewall = load_sibling(__file__, "_gcp_firewall.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.type == "module":
        yield from firewall.module_firewall_hits(subject.node, 22, ('tcp',))
    elif subject.type in firewall.POLICY_RULE_TYPES:
        yield from firewall.policy_rule_hits(subject.node, 22, ('tcp',))
    else:
        yield from firewall.firewall_hits(subject.node, 22, ('tcp',))

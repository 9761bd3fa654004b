"""Ingress firewall rules open to the world on database and administration ports."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

firewall = load_sibling(__file__, "_gcp_firewall.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    ports = {int(k): str(v) for k, v in (params.get("ports") or {}).items()}
    yield from firewall.firewall_named_ports_hits(subject.node, ports)

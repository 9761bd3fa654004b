"""Network security rules open to the Internet on UDP services used for amplification."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

lib = load_sibling(__file__, "_azure.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    ports = {int(k): str(v) for k, v in (params.get("ports") or {}).items()}
    yield from lib.nsg_named_ports_hits(subject.node, subject.type, ports, protocols=("udp",))

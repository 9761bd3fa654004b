"""Network security rules that allow every port inbound from the Internet."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

lib = load_sibling(__file__, "_azure.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from lib.nsg_hits(subject.node, subject.type, None, ('tcp', 'udp'))

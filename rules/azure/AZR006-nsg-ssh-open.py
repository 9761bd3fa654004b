"""Network security rules that allow SSH (TCP 22) inbound from the Internet."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

lib = load_sibling(__file__, "_azure.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from lib.nsg_hits(subject.node, subject.type, 22, ('tcp',))

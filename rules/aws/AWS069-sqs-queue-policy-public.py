"""Queue policies (own resource or inline) with an unconditional Principal "*" statement."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from policies.public_policy_hits(subject.node, "policy", subject.context.get("module"),
                                      subject.context.get("block"))

"""A table needs server_side_encryption { enabled = true } to use a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import require_block_flag
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from require_block_flag(subject.node, "server_side_encryption")

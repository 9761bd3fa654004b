"""HTTPS is enforced only through a domain_endpoint_options block (enforce_https defaults to true inside it; without the block the API default does not require HTTPS)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import require_block_flag
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from require_block_flag(subject.node, "domain_endpoint_options", key="enforce_https",
                                     default=True)

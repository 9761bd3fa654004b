"""Secrets must be listed in an encryption_config block; a dynamic block decides nothing."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import blocks, is_dynamic, is_unknown, require_block_flag


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    found = blocks(subject.node, "encryption_config")
    if not found:
        yield from require_block_flag(subject.node, "encryption_config", key=None)
        return
    for block in found:
        if is_dynamic(block):
            return
        resources = block.get("resources")
        if not isinstance(resources, list) or "secrets" in resources:
            return
        if any(is_unknown(r) for r in resources):
            return
    yield Hit(found[0], "resources", attr="encryption_config[0].resources")

"""Secrets must be listed in an encryption_config block; a dynamic block decides nothing."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_dynamic, is_unknown, require_block_flag
from linter.model import Hit, Subject
from linter.rules import load_sibling

registry = load_sibling(__file__, "_registry_modules.py")


def _module(node: dict) -> Iterator[Hit]:
    """terraform-aws-modules/eks encrypts secrets through `cluster_encryption_config`
    (`encryption_config` from v21); an explicitly empty one, or one without "secrets",
    turns it off."""
    for key in ("cluster_encryption_config", "encryption_config"):
        config = node.get(key)
        if config is None or is_unknown(config):
            continue
        items = config if isinstance(config, list) else [config]
        if any(not isinstance(c, dict) for c in items):
            continue
        if not any(items):  # [] or {}: no encryption_config block at all
            yield Hit(node, key, attr=key)
            continue
        lists = [c.get("resources") for c in items]
        if any(not isinstance(r, list) or any(is_unknown(x) for x in r) for r in lists):
            continue
        if not any("secrets" in r for r in lists):
            yield Hit(node, key, attr=key)


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.type == "module":
        if registry.registry_module(subject.node, "eks"):
            yield from _module(subject.node)
        return
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

"""Secrets must be listed in an encryption_config block; a dynamic block decides nothing."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _values():
    """The AWS pack's shared value readers (checks are loaded by path, not as a package)."""
    path = Path(__file__).with_name("_tfvalues.py")
    name = f"iacgate_aws_tfvalues_{abs(hash(str(path)))}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


tv = _values()


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    found = tv.blocks(subject.node, "encryption_config")
    if not found:
        yield from tv.require_block_flag(subject.node, "encryption_config", key=None)
        return
    for block in found:
        if tv.is_dynamic(block):
            return
        resources = block.get("resources")
        if not isinstance(resources, list) or "secrets" in resources:
            return
        if any(tv.is_unknown(r) for r in resources):
            return
    yield Hit(found[0], "resources", attr="encryption_config[0].resources")

"""image_scanning_configuration must exist with scan_on_push = true, unless the module configures registry-level scanning (aws_ecr_registry_scanning_configuration), which supersedes it."""

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
    module = subject.context.get("module")
    for other in getattr(module, "resources", None) or []:
        if other.type == "aws_ecr_registry_scanning_configuration":
            return
    yield from tv.require_block_flag(subject.node, "image_scanning_configuration", key="scan_on_push")

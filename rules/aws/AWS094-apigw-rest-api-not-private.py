"""REST APIs default to EDGE; only endpoint_configuration types PRIVATE keeps them off the Internet."""

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
    node = subject.node
    found = tv.blocks(node, "endpoint_configuration")
    if not found:
        if not isinstance(node.get("endpoint_configuration"), tv.Unknown):
            yield Hit(node, None, attr="endpoint_configuration", values={"types": "EDGE by default"})
        return
    for index, block in enumerate(found):
        types = block.get("types")
        if tv.is_dynamic(block) or not isinstance(types, list):
            continue
        if any(tv.is_unknown(t) for t in types) or "PRIVATE" in types:
            continue
        yield Hit(block, "types", attr=f"endpoint_configuration[{index}].types",
                  values={"types": ", ".join(str(t) for t in types)})

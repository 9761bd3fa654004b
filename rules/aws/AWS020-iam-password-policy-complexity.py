"""Password policies that do not require every character class."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _lib():
    name = "iacgate_rules_aws_lib"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("_aws_lib.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


lib = _lib()

CLASSES = ("require_lowercase_characters", "require_uppercase_characters", "require_numbers",
           "require_symbols")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    missing = []
    for name in CLASSES:
        if name not in node:
            missing.append(name)
            continue
        state = lib.truth(node[name])
        if state is not True:
            yield Hit(node, name, attr=name, unknown=state is None,
                      values={"settings": f"{name} = false", "value": str(node[name])})
    if missing:
        yield Hit(node, None, values={"settings": ", ".join(missing) + " not set",
                                      "missing": ", ".join(missing)})

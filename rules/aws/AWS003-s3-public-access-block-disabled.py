"""Public access block resources that leave one of the four protections off."""

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

SETTINGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    missing = []
    for name in SETTINGS:
        if name not in node or node[name] is None:
            missing.append(name)
            continue
        state = lib.truth(node[name])
        if state is True:
            continue
        yield Hit(node, name, attr=name, unknown=state is None,
                  values={"settings": f"{name} = false", "value": str(node[name])})
    if missing:
        yield Hit(node, None, attr="", values={
            "settings": ", ".join(missing) + (" is" if len(missing) == 1 else " are") + " not set (false)",
            "missing": ", ".join(missing)})

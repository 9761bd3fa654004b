"""The default security group of a VPC should allow no traffic at all."""

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


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    for direction in ("ingress", "egress"):
        for i, rule in enumerate(lib.blocks(node, direction)):
            if rule.tag and len(rule.tag) == 2 and "unknown" in tuple(rule.tag[1]):
                continue  # a dynamic block over an unknown collection may create nothing
            yield Hit(node[direction], i, attr=f"{direction}[{i}]",
                      values={"direction": direction})

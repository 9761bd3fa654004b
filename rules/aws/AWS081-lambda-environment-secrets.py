"""Literal credentials in environment { variables = {...} }; references and unknown values never count."""

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
    for env in tv.blocks(subject.node, "environment"):
        variables = env.get("variables")
        if tv.is_unknown(variables):
            yield tv.unknown_hit(env, "variables", "environment.variables")
        if not isinstance(variables, dict):
            continue
        for name, value in variables.items():
            what = tv.literal_secret(str(name), value)
            if what:
                yield Hit(variables, name, attr=f"environment.variables.{name}",
                          values={"name": name, "what": what})

"""Literal credentials in the environment of container_definitions; the secrets list is fine."""

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
    doc, containers = tv.container_definitions(subject.node, subject.context.get("block"))
    if tv.is_unknown(doc):
        yield tv.unknown_hit(subject.node, "container_definitions", "container_definitions")
    for index, container in enumerate(containers):
        cname = container.get("name", f"#{index + 1}")
        for pos, env in enumerate(tv.as_list(container.get("environment"))):
            if not isinstance(env, dict):
                continue
            name, value = env.get("name"), env.get("value")
            if not isinstance(name, str):
                continue
            what = tv.literal_secret(name, value)
            if what:
                yield tv.container_hit(
                    subject.node, env, "value",
                    f"container_definitions[{index}].environment[{pos}].{name}",
                    {"container": repr(cname) if isinstance(cname, str) else cname,
                     "name": name, "what": what})

"""KMS key policies that let anyone use or manage the key."""

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
    followed = lib.referenced_documents(subject, "policy")
    if followed is not None:
        # a key policy written as a policy document data source: judged here, as a key policy
        statements, _ = followed
        for stmt in statements:
            if lib.grants_public(stmt):
                actions = ", ".join(str(a) for a in stmt.actions if not lib.is_unknown(a)) or "*"
                yield Hit(subject.node, "policy", attr="policy", values={"actions": actions})
                return
        return
    for source in lib.policy_sources(subject):
        if source.statements is None:
            yield Hit(source.node, source.key, attr=source.attr, unknown=True,
                      values={"value": source.expr})
            continue
        for stmt in source.statements:
            public = lib.grants_public(stmt)
            if public is False:
                continue
            actions = ", ".join(str(a) for a in stmt.actions if not lib.is_unknown(a)) or "*"
            yield Hit(source.node, source.key, attr=source.attr, unknown=public is None,
                      values={"actions": actions, "value": "statement with unknown parts"})

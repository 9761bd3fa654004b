"""Role trust policies that let any AWS principal assume the role."""

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


def _assume(stmt) -> bool | None:
    unknown = False
    for pattern in ("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"):
        state = lib.matches_any(stmt.actions, pattern)
        if state:
            return True
        unknown = unknown or state is None
    return None if unknown else False


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for source in lib.policy_sources(subject, ("assume_role_policy",)):
        if subject.type == "aws_iam_role" and source.key != "assume_role_policy":
            continue
        if source.statements is None:
            yield Hit(source.node, source.key, attr=source.attr, unknown=True,
                      values={"value": source.expr})
            continue
        for stmt in source.statements:
            public = lib.grants_public(stmt)
            if public is False:
                continue
            assume = _assume(stmt) if subject.type == "aws_iam_policy_document" else True
            if assume is False:
                continue
            node, key, attr = lib.statement_target(source, stmt, ("principals", "actions"))
            yield Hit(node, key, attr=attr, unknown=None in (public, assume),
                      values={"value": "statement with unknown parts"})

"""Public principals in IAM members, bindings and policies of sensitive resources."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _lib():
    mod = sys.modules.get("iacgate_rules_gcp")
    if mod is None:
        spec = importlib.util.spec_from_file_location("iacgate_rules_gcp",
                                                      Path(__file__).with_name("_gcp.py"))
        mod = importlib.util.module_from_spec(spec)
        sys.modules["iacgate_rules_gcp"] = mod
        spec.loader.exec_module(mod)
    return mod


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    lib = _lib()
    node = subject.node
    yield from lib.public_entries(node, "member", "member")
    yield from lib.public_entries(node, "members", "members")
    if "policy_data" in node:
        yield from lib.policy_public_members(node, "policy_data", subject.context.get("module"))

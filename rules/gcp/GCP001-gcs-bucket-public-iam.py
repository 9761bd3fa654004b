"""Public principals in bucket IAM members, bindings, policies and legacy ACLs."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject

_PUBLIC_ACLS = {"publicread", "publicreadwrite", "authenticatedread"}


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
    yield from lib.public_entries(node, "entity", "entity")
    yield from lib.public_entries(node, "role_entity", "role_entity")
    if "policy_data" in node:
        yield from lib.policy_public_members(node, "policy_data", subject.context.get("module"))
    acl = node.get("predefined_acl") or node.get("default_acl")
    if isinstance(acl, str) and acl.replace("-", "").lower() in _PUBLIC_ACLS:
        key = "predefined_acl" if "predefined_acl" in node else "default_acl"
        yield Hit(node, key, attr=key, values={"value": acl})

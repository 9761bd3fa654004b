"""Public principals in BigQuery dataset access entries and dataset/table IAM."""

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


def _access_entry(lib, entry) -> Iterator[Hit]:
    yield from lib.public_entries(entry, "special_group", "access.special_group")
    yield from lib.public_entries(entry, "iam_member", "access.iam_member")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    lib = _lib()
    node = subject.node
    if subject.type == "google_bigquery_dataset":
        for entry in lib.blocks(node, "access"):
            yield from _access_entry(lib, entry)
        return
    if subject.type == "google_bigquery_dataset_access":
        yield from _access_entry(lib, node)
        return
    yield from lib.public_entries(node, "member", "member")
    yield from lib.public_entries(node, "members", "members")
    if "policy_data" in node:
        yield from lib.policy_public_members(node, "policy_data", subject.context.get("module"))

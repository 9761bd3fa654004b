"""Ingress firewall rules open to the world on database and administration ports."""

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
    ports = {int(k): str(v) for k, v in (params.get("ports") or {}).items()}
    yield from _lib().firewall_named_ports_hits(subject.node, ports)

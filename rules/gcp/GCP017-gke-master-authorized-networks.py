"""A public GKE endpoint without authorized networks, or with 0.0.0.0/0 among them."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject, Unknown


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
    private = lib.first(node, "private_cluster_config", "enable_private_endpoint")
    if lib.truth(private):
        return
    if isinstance(private, Unknown):
        return
    found = False
    for config in lib.blocks(node, "master_authorized_networks_config"):
        found = True
        for block in lib.blocks(config, "cidr_blocks"):
            cidr = block.get("cidr_block")
            if lib.is_world(cidr):
                yield Hit(block, "cidr_block", attr="master_authorized_networks_config.cidr_blocks",
                          values={"detail": f"master authorized networks include {cidr}"})
    if not found:
        yield Hit(node, None, attr="master_authorized_networks_config", confidence="medium",
                  values={"detail": "no master_authorized_networks_config: the public API endpoint "
                                    "accepts connections from any address"})

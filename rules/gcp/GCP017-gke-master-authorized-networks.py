"""A public GKE endpoint without authorized networks, or with 0.0.0.0/0 among them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling

base = load_sibling(__file__, "_gcp.py")
firewall = load_sibling(__file__, "_gcp_firewall.py")

# terraform-google-modules/kubernetes-engine (root and submodules such as private-cluster)
GKE_MODULE = re.compile(r"(^|/)terraform-google-modules/(terraform-google-)?kubernetes-engine([/.?]|$)")


def _module(node: dict) -> Iterator[Hit]:
    """The module's `master_authorized_networks` list of {cidr_block, display_name}; an
    empty or omitted list is not reported (private-endpoint submodules need none)."""
    if base.truth(node.get("enable_private_endpoint", False)) is not False:
        return  # private endpoint (or not known): no public API address to restrict
    networks = node.get("master_authorized_networks")
    if isinstance(networks, Unknown):
        yield Hit(node, "master_authorized_networks", attr="master_authorized_networks",
                  values={"value": networks.expr}, unknown=True)
        return
    if not isinstance(networks, list):
        return
    for i, entry in enumerate(networks):
        if isinstance(entry, dict) and firewall.is_world(entry.get("cidr_block")):
            yield Hit(entry, "cidr_block", attr=f"master_authorized_networks[{i}].cidr_block",
                      values={"detail": f"master authorized networks include {entry['cidr_block']}"})


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "module":
        if GKE_MODULE.search(str(node.get("source", ""))):
            yield from _module(node)
        return
    private = base.first(node, "private_cluster_config", "enable_private_endpoint")
    if base.truth(private):
        return
    if isinstance(private, Unknown):
        return
    found = False
    for config in blocks(node, "master_authorized_networks_config"):
        found = True
        for block in blocks(config, "cidr_blocks"):
            cidr = block.get("cidr_block")
            if firewall.is_world(cidr):
                yield Hit(block, "cidr_block", attr="master_authorized_networks_config.cidr_blocks",
                          values={"detail": f"master authorized networks include {cidr}"})
    if not found:
        yield Hit(node, None, attr="master_authorized_networks_config", confidence="medium",
                  values={"detail": "no master_authorized_networks_config: the public API endpoint "
                                    "accepts connections from any address"})

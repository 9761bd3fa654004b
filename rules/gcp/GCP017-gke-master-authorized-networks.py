"""A public GKE endpoint without authorized networks, or with 0.0.0.0/0 among them."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling
from linter.terraform.rulekit import blocks

lib = load_sibling(__file__, "_gcp.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    private = lib.first(node, "private_cluster_config", "enable_private_endpoint")
    if lib.truth(private):
        return
    if isinstance(private, Unknown):
        return
    found = False
    for config in blocks(node, "master_authorized_networks_config"):
        found = True
        for block in blocks(config, "cidr_blocks"):
            cidr = block.get("cidr_block")
            if lib.is_world(cidr):
                yield Hit(block, "cidr_block", attr="master_authorized_networks_config.cidr_blocks",
                          values={"detail": f"master authorized networks include {cidr}"})
    if not found:
        yield Hit(node, None, attr="master_authorized_networks_config", confidence="medium",
                  values={"detail": "no master_authorized_networks_config: the public API endpoint "
                                    "accepts connections from any address"})

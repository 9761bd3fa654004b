"""The public endpoint is on by default and open to 0.0.0.0/0 unless public_access_cidrs narrows it."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_dynamic, is_unknown, truth, unknown_hit
from linter.model import Hit, Subject
from linter.rules import load_sibling

registry = load_sibling(__file__, "_registry_modules.py")

OPEN = ("0.0.0.0/0", "::/0")

def _module(node: dict) -> Iterator[Hit]:
    """terraform-aws-modules/eks: `cluster_endpoint_public_access` (`endpoint_public_access`
    from v21) is off by default; once on, its CIDR input defaults to 0.0.0.0/0."""
    for prefix in ("cluster_", ""):
        public_key, cidrs_key = f"{prefix}endpoint_public_access", f"{prefix}endpoint_public_access_cidrs"
        if public_key not in node:
            continue
        if is_unknown(node[public_key]):
            yield unknown_hit(node, public_key, public_key)
        if truth(node[public_key]) is not True:
            continue
        cidrs = node.get(cidrs_key)
        if is_unknown(cidrs):
            yield unknown_hit(node, cidrs_key, cidrs_key)
        elif cidrs is None:
            yield Hit(node, public_key, attr=public_key,
                      values={"why": f"to 0.0.0.0/0 ({cidrs_key} is not set)"})
        elif isinstance(cidrs, list) and any(c in OPEN for c in cidrs if isinstance(c, str)):
            yield Hit(node, cidrs_key, attr=cidrs_key,
                      values={"why": f"to 0.0.0.0/0 ({cidrs_key} allows every address)"})


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.type == "module":
        if registry.registry_module(subject.node, "eks"):
            yield from _module(subject.node)
        return
    for index, vpc in enumerate(blocks(subject.node, "vpc_config")):
        if is_dynamic(vpc):
            continue
        public = truth(vpc.get("endpoint_public_access", True))
        if is_unknown(vpc.get("endpoint_public_access")):
            yield unknown_hit(vpc, "endpoint_public_access", f"vpc_config[{index}].endpoint_public_access")
        if public is not True:
            continue
        cidrs = vpc.get("public_access_cidrs")
        if is_unknown(cidrs):
            yield unknown_hit(vpc, "public_access_cidrs", f"vpc_config[{index}].public_access_cidrs")
        if cidrs is None:
            where = "endpoint_public_access" if "endpoint_public_access" in vpc else None
            yield Hit(vpc, where, attr=f"vpc_config[{index}].endpoint_public_access",
                      values={"why": "to 0.0.0.0/0 (public_access_cidrs is not set)"})
        elif isinstance(cidrs, list) and any(c in OPEN for c in cidrs if isinstance(c, str)):
            yield Hit(vpc, "public_access_cidrs", attr=f"vpc_config[{index}].public_access_cidrs",
                      values={"why": "to 0.0.0.0/0 (public_access_cidrs allows every address)"})

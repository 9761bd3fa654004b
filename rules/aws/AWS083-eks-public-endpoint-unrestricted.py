"""The public endpoint is on by default and open to 0.0.0.0/0 unless public_access_cidrs narrows it."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import blocks, is_dynamic, is_unknown, truth, unknown_hit

OPEN = ("0.0.0.0/0", "::/0")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
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

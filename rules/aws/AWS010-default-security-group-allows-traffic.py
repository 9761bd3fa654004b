"""The default security group of a VPC should allow no traffic at all."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    for direction in ("ingress", "egress"):
        for i, rule in enumerate(blocks(node, direction)):
            if rule.tag and len(rule.tag) == 2 and "unknown" in tuple(rule.tag[1]):
                continue  # a dynamic block over an unknown collection may create nothing
            yield Hit(node[direction], i, attr=f"{direction}[{i}]",
                      values={"direction": direction})

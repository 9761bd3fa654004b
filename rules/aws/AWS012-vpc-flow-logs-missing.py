"""VPCs with no flow log in the same module (configuration) that refers to them."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown
from linter.model import Hit, Subject


def _link(vpc: Subject, view, flow_log: Subject) -> str:
    """"yes", "no" or "maybe": does the flow log capture this VPC?"""
    node = flow_log.node
    value = node.get("vpc_id") if isinstance(node, dict) else None
    if value is None:
        return "no"  # a subnet, ENI or transit gateway flow log
    address = getattr(value, "address", None)
    if address is not None:
        if address == view.local_address(vpc):
            return "maybe" if flow_log.context.get("instances", 1) is None else "yes"
        return "no" if address.startswith("aws_vpc.") else "maybe"
    if is_unknown(value):
        return "maybe"
    return "maybe" if isinstance(value, str) and value.startswith("vpc-") else "no"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    view = subject.context.get("module")
    if view is None:
        return
    links = [_link(subject, view, other) for other in view.resources if other.type == "aws_flow_log"]
    if "yes" in links:
        return
    yield Hit(subject.node, None, unknown="maybe" in links,
              values={"value": "a flow log whose vpc_id is not known statically"})

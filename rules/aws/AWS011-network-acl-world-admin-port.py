"""Network ACL entries that allow remote administration ports from the whole Internet."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_unknown, truth
from linter.model import Hit, Subject
from linter.rules import load_sibling

network = load_sibling(__file__, "_network.py")


NAMES = {22: "SSH", 3389: "RDP"}


def _entry(rule, wanted: list[int]) -> tuple[list[str], list[int], bool]:
    """(world CIDRs, admin ports, unknown) of an allow entry."""
    action = rule.get("rule_action", rule.get("action"))
    unknown = is_unknown(action)
    if not unknown and str(action).strip().lower() != "allow":
        return [], [], False
    ports = network.covered_ports(rule.get("protocol"), rule.get("from_port"), rule.get("to_port"),
                              wanted, ("tcp",))
    if ports == []:
        return [], [], False
    cidrs, unknown_cidr = network.world_cidrs([rule.get("cidr_block"), rule.get("ipv6_cidr_block")])
    if not cidrs and not unknown_cidr:
        return [], [], False
    unknown = unknown or unknown_cidr and not cidrs or ports is None
    return cidrs, ports or [], unknown


def _where(rule) -> str:
    return "cidr_block" if "cidr_block" in rule else "ipv6_cidr_block"


def _hit(rule, attr: str, found: tuple[list[str], list[int], bool]) -> Hit:
    cidrs, ports, unknown = found
    return Hit(rule, _where(rule), attr=attr, unknown=unknown,
               values={"ports": network.port_names(ports, NAMES), "cidr": ", ".join(cidrs),
                       "value": "source, action or ports not known statically"})


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    wanted = [int(p) for p in params.get("ports", [22, 3389])]
    node = subject.node
    if subject.type == "aws_network_acl_rule":
        egress = truth(node.get("egress", False))
        if egress is not False:
            return
        found = _entry(node, wanted)
        if found[0] or found[2]:
            yield _hit(node, _where(node), found)
        return
    for i, rule in enumerate(blocks(node, "ingress")):
        if subject.type == "aws_default_network_acl" and network.protocol_of(rule.get("protocol")) == network.ALL:
            continue  # the allow-all entry every default ACL has, declared to adopt it
        found = _entry(rule, wanted)
        if found[0] or found[2]:
            yield _hit(rule, f"ingress[{i}].{_where(rule)}", found)

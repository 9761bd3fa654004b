"""Network ACL entries that allow remote administration ports from the whole Internet."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _lib():
    name = "iacgate_rules_aws_lib"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("_aws_lib.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


lib = _lib()

NAMES = {22: "SSH", 3389: "RDP"}


def _entry(rule, wanted: list[int]) -> tuple[list[str], list[int]] | None:
    """(world CIDRs, admin ports) an allow entry opens, or None when unknown."""
    action = rule.get("rule_action", rule.get("action"))
    if lib.is_unknown(action):
        return None
    if str(action).strip().lower() != "allow":
        return [], []
    cidrs, unknown = lib.world_cidrs([rule.get("cidr_block"), rule.get("ipv6_cidr_block")])
    if not cidrs:
        return None if unknown else ([], [])
    ports = lib.covered_ports(rule.get("protocol"), rule.get("from_port"), rule.get("to_port"),
                              wanted, ("tcp",))
    if ports is None:
        return None
    return cidrs, ports


def _where(rule) -> str:
    return "cidr_block" if "cidr_block" in rule else "ipv6_cidr_block"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    wanted = [int(p) for p in params.get("ports", [22, 3389])]
    node = subject.node
    if subject.type == "aws_network_acl_rule":
        egress = lib.truth(node.get("egress", False))
        if egress is not False:
            return
        found = _entry(node, wanted)
        if found and found[1]:
            yield Hit(node, _where(node), attr=_where(node),
                      values={"ports": lib.port_names(found[1], NAMES), "cidr": ", ".join(found[0])})
        return
    for i, rule in enumerate(lib.blocks(node, "ingress")):
        if subject.type == "aws_default_network_acl" and lib.protocol_of(rule.get("protocol")) == lib.ALL:
            continue  # the allow-all entry every default ACL has, declared to adopt it
        found = _entry(rule, wanted)
        if found and found[1]:
            yield Hit(rule, _where(rule), attr=f"ingress[{i}].{_where(rule)}",
                      values={"ports": lib.port_names(found[1], NAMES), "cidr": ", ".join(found[0])})

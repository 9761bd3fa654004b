"""Network exposure as the AWS checks read it: world-open CIDRs, protocols and port ranges of
security group rules (inline, separate rule resources, and the named rules of the
terraform-aws-modules/security-group module) and network ACL entries.

Loaded by the AWS checks with `linter.rules.load_sibling`; answers are True, False or
None (not known statically).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linter.kinds.terraform.rulekit import (
    as_list,
    blocks,
    is_unknown,
    number,
)
from linter.model import Map

# ---------------------------------------------------------------- network exposure

ALL = "all"


def world_cidrs(values: Any) -> tuple[list[str], bool]:
    """CIDRs among `values` that mean the whole Internet, and whether some are unknown."""
    found: list[str] = []
    unknown = False
    if is_unknown(values):
        return [], True
    for v in as_list(values):
        if _network_block(v):
            continue  # a VPC's or subnet's own range is never the whole Internet
        if is_unknown(v):
            unknown = True
            continue
        if not isinstance(v, str):
            continue
        try:
            net = ipaddress.ip_network(v.strip(), strict=False)
        except ValueError:
            if "${" in v:
                unknown = True
            continue
        if net.prefixlen == 0:
            found.append(v.strip())
    return found, unknown


def _network_block(value: Any) -> bool:
    address = getattr(value, "address", None) or ""
    return (address.startswith(("aws_vpc.", "aws_subnet.", "data.aws_vpc.", "data.aws_subnet."))
            and getattr(value, "attribute", None) in ("cidr_block", "ipv6_cidr_block"))


def protocol_of(value: Any) -> str | None:
    """"all", "tcp", "udp", "icmp", ... or None when unknown."""
    if is_unknown(value):
        return None
    text = str(value).strip().lower()
    if text in ("-1", "all"):
        return ALL
    return {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}.get(text, text)


def covered_ports(protocol: Any, from_port: Any, to_port: Any, wanted: list[int],
                  protocols: tuple[str, ...] = ("tcp",)) -> list[int] | None:
    """Which of `wanted` ports a rule opens; None when that cannot be known."""
    proto = protocol_of(protocol)
    if proto is None:
        return None
    if proto == ALL:
        return list(wanted)
    if proto not in protocols:
        return []
    lo, hi = number(from_port), number(to_port)
    if lo is None and from_port is None and hi is None and to_port is None:
        return []
    if lo is None or hi is None:
        return None
    return [p for p in wanted if lo <= p <= hi]


@dataclass
class Opening:
    """An ingress permission from the whole Internet on some of the wanted ports, or one
    that may be (`unknown`: the source or the ports are not known statically)."""

    node: Map
    key: str | None
    cidrs: list[str]
    ports: list[int]
    attr: str
    unknown: bool = False


def _opening(rule: Map, attr: str, cidr_keys: tuple[str, ...], proto_key: str,
             wanted: list[int], protocols: tuple[str, ...]) -> Opening | None:
    ports = covered_ports(rule.get(proto_key), rule.get("from_port"), rule.get("to_port"),
                          wanted, protocols)
    if ports == []:
        return None
    cidrs: list[str] = []
    where = None
    unknown_source = False
    for key in cidr_keys:
        if key not in rule:
            continue
        found, unk = world_cidrs(rule[key])
        if (found or unk) and where is None:
            where = key
        unknown_source = unknown_source or unk
        cidrs.extend(found)
    if not cidrs and not unknown_source:
        return None
    full = f"{attr}.{where}" if attr else where
    if cidrs and ports:
        return Opening(rule, where, cidrs, ports, full)
    return Opening(rule, where, cidrs, ports or [], full, unknown=True)


def ingress_openings(subject: Any, wanted: list[int],
                     protocols: tuple[str, ...] = ("tcp",)) -> Iterator[Opening]:
    """World-open ingress on wanted ports, for every way Terraform writes a security group
    rule: inline `ingress` blocks (also dynamic / list forms), `aws_security_group_rule`
    of type ingress, `aws_vpc_security_group_ingress_rule`. Openings that depend on
    unknown values come with `unknown=True`."""
    node = subject.node
    if not isinstance(node, Map):
        return
    found: Opening | None
    if subject.type in ("aws_security_group", "aws_default_security_group"):
        for i, rule in enumerate(blocks(node, "ingress")):
            found = _opening(rule, f"ingress[{i}]", ("cidr_blocks", "ipv6_cidr_blocks"),
                             "protocol", wanted, protocols)
            if found:
                yield found
    elif subject.type == "aws_security_group_rule":
        kind = node.get("type")
        if is_unknown(kind) or str(kind).strip().lower() != "ingress":
            return
        found = _opening(node, "", ("cidr_blocks", "ipv6_cidr_blocks"), "protocol", wanted, protocols)
        if found:
            yield found
    elif subject.type == "aws_vpc_security_group_ingress_rule":
        found = _opening(node, "", ("cidr_ipv4", "cidr_ipv6"), "ip_protocol", wanted, protocols)
        if found:
            yield found
    elif subject.type == "module":
        yield from _module_openings(node, wanted, protocols)


SG_MODULE = re.compile(r"^(git::)?(https://)?(github\.com/)?terraform-aws-modules/(terraform-aws-)?"
                       r"security-group(/aws)?(\.git)?(\?ref=[^/]*)?(//modules/(?P<sub>[\w-]+))?(\?ref=[^/]*)?$")

# Named rules of terraform-aws-modules/security-group: (from_port, to_port, protocol).
SG_MODULE_RULES = {
    "all-all": (-1, -1, "-1"), "all-tcp": (0, 65535, "tcp"), "all-udp": (0, 65535, "udp"),
    "ssh-tcp": (22, 22, "tcp"), "telnet-tcp": (23, 23, "tcp"),
    "rdp-tcp": (3389, 3389, "tcp"), "rdp-udp": (3389, 3389, "udp"),
    "winrm-http-tcp": (5985, 5985, "tcp"), "winrm-https-tcp": (5986, 5986, "tcp"),
    "mysql-tcp": (3306, 3306, "tcp"), "postgresql-tcp": (5432, 5432, "tcp"),
    "mssql-tcp": (1433, 1433, "tcp"), "oracle-db-tcp": (1521, 1521, "tcp"),
    "redis-tcp": (6379, 6379, "tcp"), "mongodb-27017-tcp": (27017, 27017, "tcp"),
    "memcached-tcp": (11211, 11211, "tcp"), "cassandra-clients-tcp": (9042, 9042, "tcp"),
    "elasticsearch-rest-tcp": (9200, 9200, "tcp"), "elasticsearch-java-tcp": (9300, 9300, "tcp"),
    "kafka-broker-tcp": (9092, 9092, "tcp"), "zookeeper-2181-tcp": (2181, 2181, "tcp"),
    "etcd-client-tcp": (2379, 2379, "tcp"), "couchdb-tcp": (5984, 5984, "tcp"),
}

# Service submodules (`//modules/ssh`) open their service's rules to `ingress_cidr_blocks`.
SG_SUBMODULE_RULES = {
    "ssh": ["ssh-tcp"], "rdp": ["rdp-tcp", "rdp-udp"], "winrm": ["winrm-http-tcp", "winrm-https-tcp"],
    "mysql": ["mysql-tcp"], "postgresql": ["postgresql-tcp"], "mssql": ["mssql-tcp"],
    "oracle-db": ["oracle-db-tcp"], "redis": ["redis-tcp"], "mongodb": ["mongodb-27017-tcp"],
    "memcached": ["memcached-tcp"], "cassandra": ["cassandra-clients-tcp"],
    "elasticsearch": ["elasticsearch-rest-tcp", "elasticsearch-java-tcp"],
    "kafka": ["kafka-broker-tcp"], "zookeeper": ["zookeeper-2181-tcp"],
}


def _module_cidrs(value: Any) -> Any:
    """The module takes `cidr_blocks` inside `ingress_with_cidr_blocks` as one
    comma-separated string."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _named_opening(node: Map, key: str, cidrs: Any, names: Any, wanted: list[int],
                   protocols: tuple[str, ...]) -> Opening | None:
    found, unknown = world_cidrs(cidrs)
    if not found and not unknown:
        return None
    ports: list[int] = []
    for name in as_list(names):
        if is_unknown(name):
            unknown = True
            continue
        spec = SG_MODULE_RULES.get(str(name))
        if spec is not None:
            ports.extend(p for p in covered_ports(spec[2], spec[0], spec[1], wanted, protocols) or []
                         if p not in ports)
    if not ports:
        return None
    return Opening(node, key, found, sorted(ports), key, unknown=not found)


def _module_openings(node: Map, wanted: list[int], protocols: tuple[str, ...]) -> Iterator[Opening]:
    """terraform-aws-modules/security-group: named `ingress_rules` (or a service
    submodule's own rules) for `ingress_cidr_blocks`, and `ingress_with_cidr_blocks`."""
    match = SG_MODULE.match(str(node.get("source", "")))
    if not match:
        return
    sub = match.group("sub")
    default_rules = SG_SUBMODULE_RULES.get(sub or "", [])
    for cidr_key in ("ingress_cidr_blocks", "ingress_ipv6_cidr_blocks"):
        if cidr_key not in node:
            continue
        # `computed_*` inputs are the same rules, for values known only at apply time
        names = as_list(node.get("ingress_rules")) + as_list(node.get("computed_ingress_rules"))
        if sub:
            names += as_list(node.get("auto_ingress_rules", default_rules))
        found = _named_opening(node, cidr_key, node[cidr_key], names, wanted, protocols)
        if found:
            yield found
    for list_key, cidr_key, fallback in (
            ("ingress_with_cidr_blocks", "cidr_blocks", "ingress_cidr_blocks"),
            ("computed_ingress_with_cidr_blocks", "cidr_blocks", "ingress_cidr_blocks"),
            ("ingress_with_ipv6_cidr_blocks", "ipv6_cidr_blocks", "ingress_ipv6_cidr_blocks"),
            ("computed_ingress_with_ipv6_cidr_blocks", "ipv6_cidr_blocks", "ingress_ipv6_cidr_blocks")):
        for i, item in enumerate(as_list(node.get(list_key))):
            if not isinstance(item, dict):
                continue
            cidrs = _module_cidrs(item.get(cidr_key, node.get(fallback)))
            located = isinstance(item, Map) and cidr_key in item
            where = item if located else node
            key = cidr_key if located else list_key
            if "rule" in item:
                found = _named_opening(where, key, cidrs, [item["rule"]], wanted, protocols)
            else:
                found = _opening(Map({"protocol": item.get("protocol"), "from_port": item.get("from_port"),
                                      "to_port": item.get("to_port"), "cidrs": cidrs}),
                                 "", ("cidrs",), "protocol", wanted, protocols)
                if found:
                    found = Opening(where, key, found.cidrs, found.ports, f"{list_key}[{i}].{cidr_key}",
                                    unknown=found.unknown)
            if found:
                yield found


def port_names(ports: list[int], names: dict[int, str]) -> str:
    return ", ".join(f"{p} ({names[p]})" if p in names else str(p) for p in ports)

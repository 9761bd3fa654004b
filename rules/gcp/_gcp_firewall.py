"""Firewall helpers of the Google Cloud checks: which VPC firewall rules, firewall policy
rules and firewall registry-module inputs admit the Internet on which ports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.kinds.terraform.rulekit import blocks, is_every_address, shown
from linter.model import Hit, Map, Seq, Unknown
from linter.rules import load_sibling

_base = load_sibling(__file__, "_gcp.py")
MISSING = _base.MISSING
truth = _base.truth


WORLD_RANGES = ("0.0.0.0/0", "::/0", "0.0.0.0", "::", "*")


def is_world(cidr: Any) -> bool | None:
    if isinstance(cidr, Unknown):
        return None
    if not isinstance(cidr, str):
        return False
    text = cidr.strip()
    if text in WORLD_RANGES:
        return True
    return is_every_address(text)


def world_source(fw: Map) -> tuple[bool | None, Hit | None]:
    """Whether an ingress firewall admits the whole Internet, and the hit to report.

    Google applies 0.0.0.0/0 when an ingress rule names no source at all."""
    direction = fw.get("direction", "INGRESS")
    if isinstance(direction, Unknown):
        return None, Hit(fw, "direction", attr="direction", values={"value": direction.expr},
                         unknown=True)
    if str(direction).upper() != "INGRESS":
        return False, None
    disabled = truth(fw.get("disabled", False))
    if disabled:
        return False, None
    ranges = fw.get("source_ranges", MISSING)
    if ranges is MISSING or ranges is None:
        if any(fw.get(k) not in (None, MISSING, []) for k in ("source_tags", "source_service_accounts")):
            return False, None
        return True, Hit(fw, None, attr="source_ranges", values={"value": "0.0.0.0/0 (no source given)"},
                         confidence="medium")
    if isinstance(ranges, Unknown):
        return None, Hit(fw, "source_ranges", attr="source_ranges",
                         values={"value": ranges.expr}, unknown=True)
    items = ranges if isinstance(ranges, list) else [ranges]
    unknown_hit = None
    for i, cidr in enumerate(items):
        state = is_world(cidr)
        target = (ranges, i) if isinstance(ranges, Seq) else (fw, "source_ranges")
        if state:
            return True, Hit(target[0], target[1], attr=f"source_ranges[{i}]",
                             values={"value": cidr})
        if state is None and unknown_hit is None:
            unknown_hit = Hit(target[0], target[1], attr=f"source_ranges[{i}]",
                              values={"value": shown(cidr)}, unknown=True)
    if unknown_hit is not None:
        return None, unknown_hit
    return False, None


def port_ranges(spec: Any) -> list[tuple[int, int]] | None:
    """"22" -> [(22, 22)], "1000-2000" -> [(1000, 2000)]; None when unknown."""
    if isinstance(spec, Unknown):
        return None
    if isinstance(spec, bool):
        return []
    if isinstance(spec, int):
        return [(spec, spec)]
    if not isinstance(spec, str):
        return []
    text = spec.strip()
    if text in ("*", ""):
        return [(0, 65535)]
    lo, sep, hi = text.partition("-")
    try:
        return [(int(lo), int(hi) if sep else int(lo))]
    except ValueError:
        return None


def allow_reaches(fw: Map, port: int | None, protocols: tuple[str, ...]) -> bool | None:
    """Whether an allow block of `fw` opens `port` (None: every port) for one of
    `protocols`; None when some block cannot be read."""
    return _reaches(blocks(fw, "allow"), "protocol", port, protocols)


def _reaches(entries: list[Map], proto_key: str, port: int | None,
             protocols: tuple[str, ...]) -> bool | None:
    """Whether one of `entries` (firewall `allow` blocks, policy `layer4_configs`) opens
    `port` (None: every port) for one of `protocols`; None when some cannot be read."""
    unknown = False
    for entry in entries:
        proto = entry.get(proto_key, MISSING)
        if isinstance(proto, Unknown):
            unknown = True
            continue
        proto = str(proto).strip().lower()
        proto = {"6": "tcp", "17": "udp", "132": "sctp"}.get(proto, proto)
        if proto != "all" and proto not in protocols:
            continue
        ports = entry.get("ports", MISSING)
        if ports is MISSING or ports is None or ports == [] or proto == "all":
            return True  # no ports: every port of the protocol
        if isinstance(ports, Unknown):
            unknown = True
            continue
        for spec in ports if isinstance(ports, list) else [ports]:
            ranges = port_ranges(spec)
            if ranges is None:
                unknown = True
                continue
            for lo, hi in ranges:
                if (port is None and lo <= 1 and hi >= 65535) or (port is not None and lo <= port <= hi):
                    return True
    return None if unknown else False


def firewall_hits(fw: Map, port: int | None, protocols: tuple[str, ...]) -> Iterator[Hit]:
    """The hit for an ingress firewall open to the world on `port` (None: all ports)."""
    world, hit = world_source(fw)
    if world is False:
        return
    reach = allow_reaches(fw, port, protocols)
    if reach is False:
        return
    if world and reach:
        assert hit is not None
        yield hit
    elif hit is not None:
        hit.unknown = True
        yield hit


POLICY_RULE_TYPES = ("google_compute_firewall_policy_rule",
                     "google_compute_network_firewall_policy_rule",
                     "google_compute_region_network_firewall_policy_rule")


def policy_rule_hits(rule: Map, port: int | None, protocols: tuple[str, ...]) -> Iterator[Hit]:
    """The hit for an allowing ingress firewall policy rule whose `match.src_ip_ranges`
    holds the whole Internet on `port` (None: all ports)."""
    for key, want in (("action", "allow"), ("direction", "ingress")):
        value = rule.get(key, MISSING)
        if isinstance(value, Unknown) or not isinstance(value, str) or value.strip().lower() != want:
            return
    if truth(rule.get("disabled", False)):
        return
    for match in blocks(rule, "match"):
        ranges = match.get("src_ip_ranges", MISSING)
        if not isinstance(ranges, list):
            continue
        reach = _reaches(blocks(match, "layer4_configs"), "ip_protocol", port, protocols)
        if reach is False:
            continue
        for i, cidr in enumerate(ranges):
            state = is_world(cidr)
            if state:
                yield Hit(ranges, i, attr=f"match.src_ip_ranges[{i}]", values={"value": cidr},
                          unknown=reach is None)
                return


NETWORK_MODULE = re.compile(r"(^|/)terraform-google-modules/(terraform-google-)?network([/.?]|$)")


_MODULE_RULE_LISTS = ("rules", "ingress_rules", "firewall_rules")


def module_firewall_hits(node: Map, port: int | None, protocols: tuple[str, ...]) -> Iterator[Hit]:
    """Hits for the entries of the network module's firewall inputs that admit the whole
    Internet on `port` (None: every port). Only explicit ranges are read: the module
    fills an omitted source range itself."""
    if not NETWORK_MODULE.search(str(node.get("source", ""))):
        return
    for key in _MODULE_RULE_LISTS:
        entries = node.get(key)
        if not isinstance(entries, list):
            continue
        for n, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("allow"), list):
                continue
            direction = entry.get("direction", "INGRESS")
            if key == "ingress_rules":
                direction = "INGRESS"
            if isinstance(direction, Unknown) or str(direction).upper() != "INGRESS":
                continue
            if truth(entry.get("disabled", False)):
                continue
            range_key = "ranges" if "ranges" in entry else "source_ranges"
            ranges = entry.get(range_key)
            if not isinstance(ranges, list):
                continue
            world = [i for i, cidr in enumerate(ranges) if is_world(cidr)]
            if not world:
                continue
            reach = _reaches([a for a in entry["allow"] if isinstance(a, dict)], "protocol",
                             port, protocols)
            if reach is False:
                continue
            i = world[0]
            yield Hit(ranges, i, attr=f"{key}[{n}].{range_key}[{i}]",
                      values={"value": ranges[i]}, unknown=reach is None)


def firewall_named_ports_hits(fw: Map, ports: dict[int, str]) -> Iterator[Hit]:
    """One hit for an ingress firewall open to the world on some of `ports` (but not on
    every port, which GCP007 reports); the message lists the ports."""
    protocols = ("tcp", "udp", "sctp")
    world, hit = world_source(fw)
    if world is False or hit is None:
        return
    if allow_reaches(fw, None, protocols) is not False:
        return  # every port open, or not known: the all-ports rule speaks
    opened, unknown = [], False
    for port, name in sorted(ports.items()):
        reach = allow_reaches(fw, int(port), protocols)
        if reach:
            opened.append(f"{port} ({name})")
        elif reach is None:
            unknown = True
    if opened:
        hit.values["ports"] = ", ".join(opened)
        hit.unknown = world is None
        yield hit
    elif unknown and world is not False:
        hit.unknown = True
        yield hit

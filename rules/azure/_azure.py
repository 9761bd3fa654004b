"""Shared logic of the Azure checks: truthiness of HCL values and the reach of network
security rules (sources that mean the Internet, port ranges and lists of them).

Loaded by path from the checks (`_lib()` in each check file), never registered.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.kinds.terraform import rulekit
from linter.kinds.terraform.rulekit import blocks, is_every_address
from linter.model import Hit, Map, Unknown

MISSING = object()
# "<nw>/0" and "/0" are the "any network" placeholders of Azure's portal and documentation.
INTERNET = ("*", "0.0.0.0", "0.0.0.0/0", "internet", "any", "::/0", "0::0/0", "<nw>/0", "/0")


_BOOL_WORDS = {"true": True, "enabled": True, "false": False, "disabled": False}


def truth(value: Any) -> bool | None:
    """True/False for a boolean written as a bool or a string; None when unknown or odd."""
    return rulekit.truth(value, _BOOL_WORDS)


def _items(rule: Map, single: str, plural: str) -> list[tuple[Any, Any, Any, str]]:
    """(container, key, value, attr) for a `x` / `xs` attribute pair."""
    out = []
    value = rule.get(single, MISSING)
    if value is not MISSING and value is not None and value != "":
        out.append((rule, single, value, single))
    values = rule.get(plural, MISSING)
    if isinstance(values, list):
        out.extend((values, i, v, f"{plural}[{i}]") for i, v in enumerate(values))
    elif isinstance(values, Unknown):
        out.append((rule, plural, values, plural))
    return out


def _is_internet(value: Any) -> bool | None:
    if isinstance(value, Unknown):
        return None
    if not isinstance(value, str):
        return False
    text = value.strip().lower()
    if text in INTERNET:
        return True
    return is_every_address(text)


def _ports(spec: Any) -> tuple[int, int] | None:
    if isinstance(spec, Unknown):
        return None
    if isinstance(spec, int) and not isinstance(spec, bool):
        return spec, spec
    text = str(spec).strip()
    if text == "*":
        return 0, 65535
    lo, sep, hi = text.partition("-")
    try:
        return int(lo), int(hi) if sep else int(lo)
    except ValueError:
        return None


def opens(rule: Map, port: int | None, protocols: tuple[str, ...]) -> tuple[bool | None, Hit | None]:
    """Whether one security rule allows inbound traffic from the Internet to `port`
    (None: every port); the hit points at the Internet source."""
    for key, want in (("direction", "inbound"), ("access", "allow")):
        value = rule.get(key, MISSING)
        if isinstance(value, Unknown):
            return None, None
        if not isinstance(value, str) or value.strip().lower() != want:
            return False, None
    proto = rule.get("protocol", MISSING)
    if isinstance(proto, Unknown):
        return None, None
    if not isinstance(proto, str) or (proto.strip().lower() not in ("*", "any")
                                      and proto.strip().lower() not in protocols):
        return False, None
    source_state: bool | None = False
    hit = None
    for container, key, value, attr in _items(rule, "source_address_prefix", "source_address_prefixes"):
        state = _is_internet(value)
        if state:
            source_state, hit = True, Hit(container, key, attr=attr, values={"value": value})
            break
        if state is None:
            source_state = None
            hit = hit or Hit(container, key, attr=attr, values={"value": getattr(value, "expr", value)})
    if source_state is False:
        return False, None
    port_state: bool | None = False
    for _c, _k, value, _a in _items(rule, "destination_port_range", "destination_port_ranges"):
        bounds = _ports(value)
        if bounds is None:
            port_state = None
            continue
        lo, hi = bounds
        if (port is None and lo <= 1 and hi >= 65535) or (port is not None and lo <= port <= hi):
            port_state = True
            break
    if port_state is False:
        return False, None
    if source_state and port_state:
        return True, hit
    return None, hit


def nsg_hits(node: Map, resource_type: str, port: int | None,
             protocols: tuple[str, ...]) -> Iterator[Hit]:
    """Hits for security rules (standalone or inline) open to the Internet on `port`."""
    rules = [node] if resource_type == "azurerm_network_security_rule" else list(blocks(node, "security_rule"))
    for rule in rules:
        state, hit = opens(rule, port, protocols)
        if state and hit is not None:
            yield hit
        elif state is None and hit is not None:
            hit.unknown = True
            yield hit


def nsg_named_ports_hits(node: Map, resource_type: str, ports: dict[int, str],
                         protocols: tuple[str, ...] = ("tcp", "udp")) -> Iterator[Hit]:
    """One hit per security rule open to the Internet on some of `ports` (but not on every
    port, which AZR008 reports); the message lists the ports."""
    rules = [node] if resource_type == "azurerm_network_security_rule" else list(blocks(node, "security_rule"))
    for rule in rules:
        every, _ = opens(rule, None, protocols)
        if every is not False:
            continue  # every port open (AZR008), or not known
        opened: list[str] = []
        hit = unknown_hit = None
        for port, name in sorted(ports.items()):
            state, port_hit = opens(rule, int(port), protocols)
            if state and port_hit is not None:
                opened.append(f"{port} ({name})")
                hit = port_hit
            elif state is None and port_hit is not None:
                unknown_hit = unknown_hit or port_hit
        if hit is not None:
            hit.values["ports"] = ", ".join(opened)
            yield hit
        elif unknown_hit is not None:
            unknown_hit.unknown = True
            yield unknown_hit

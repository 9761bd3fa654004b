"""Shared logic of the Google Cloud checks: truthiness of HCL values, the blocks a
`dynamic` block stands for, public IAM principals, firewall reach.

Loaded by path from the checks (`load()` in each check file), never registered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from linter.kinds.terraform import rulekit
from linter.kinds.terraform.rulekit import blocks, is_every_address, list_items, shown
from linter.model import Hit, Map, Seq, Unknown

PUBLIC_MEMBERS = ("allusers", "allauthenticatedusers")
WORLD_RANGES = ("0.0.0.0/0", "::/0", "0.0.0.0", "::", "*")
MISSING = object()

_BOOL_WORDS = {"true": True, "1": True, "yes": True, "on": True,
               "false": False, "0": False, "no": False, "off": False}


def truth(value: Any) -> bool | None:
    """True/False for a boolean written as a bool, a number or a string; None when
    unknown or odd."""
    if isinstance(value, int) and not isinstance(value, bool):
        return bool(value)
    return rulekit.truth(value, _BOOL_WORDS)


def first(node: Any, *path: str) -> Any:
    """The first block along `path` (blocks are lists), or the attribute at its end."""
    current = node
    for name in path:
        if isinstance(current, list):
            current = current[0] if current else MISSING
        if not isinstance(current, dict) or name not in current:
            return MISSING
        current = current[name]
    if isinstance(current, list) and current and isinstance(current[0], Map) and path:
        return current[0]
    return current


def is_public_member(value: Any) -> bool | None:
    if isinstance(value, Unknown):
        return None
    if not isinstance(value, str):
        return False
    text = value.strip().lower()
    # "allUsers", "READER:allUsers" (legacy ACL role_entity), "iamMember:allUsers"
    return text.rsplit(":", 1)[-1] in PUBLIC_MEMBERS


def public_entries(container: Any, key: Any, attr: str) -> Iterator[Hit]:
    """Hits for public principals in `container[key]` (a string or a list of strings);
    unknown hits for values that cannot be read."""
    value = container.get(key) if isinstance(container, dict) else MISSING
    if value is MISSING:
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            state = is_public_member(item)
            if state:
                yield Hit(value, i, attr=f"{attr}[{i}]", values={"value": item})
            elif state is None:
                yield Hit(value, i, attr=f"{attr}[{i}]", values={"value": shown(item)}, unknown=True)
        return
    state = is_public_member(value)
    if state:
        yield Hit(container, key, attr=attr, values={"value": value})
    elif state is None:
        yield Hit(container, key, attr=attr, values={"value": shown(value)}, unknown=True)


def iam_public_hits(subject: Any, *extra_keys: str) -> Iterator[Hit]:
    """Public principals of an IAM member, binding or policy resource: its `member`,
    `members` (and `extra_keys`) entries and its `policy_data` policy."""
    node = subject.node
    for key in ("member", "members", *extra_keys):
        yield from public_entries(node, key, key)
    if "policy_data" in node:
        yield from policy_public_members(node, "policy_data", subject.context.get("module"))


def policy_public_members(container: Map, key: str, module: Any = None) -> Iterator[Hit]:
    """Public members in a `policy_data` IAM policy: a JSON string, the structure of an
    evaluated `jsonencode()`, or a reference to a `google_iam_policy` data source, whose
    `binding` blocks are read through the module view."""
    value = container.get(key)
    address = getattr(value, "address", None)
    if isinstance(address, str) and address.startswith("data.google_iam_policy.") and module:
        source = module.lookup(address)
        if source is not None:
            for binding in blocks(source.node, "binding"):
                for member in list_items(binding.get("members")):
                    if is_public_member(member):
                        yield Hit(container, key, attr=key, values={"value": member})
                        return
            return
    if isinstance(value, Unknown):
        yield Hit(container, key, attr=key, values={"value": value.expr}, unknown=True)
        return
    data = value
    if isinstance(value, str):
        try:
            data = json.loads(value)
        except ValueError:
            return
    if not isinstance(data, dict):
        return
    for binding in list_items(data.get("bindings")):
        if not isinstance(binding, dict):
            continue
        for member in list_items(binding.get("members")):
            if is_public_member(member):
                yield Hit(container, key, attr=key, values={"value": member})
                return


# --- firewall reach -------------------------------------------------------------------

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


# --- service accounts -----------------------------------------------------------------

FULL_SCOPES = ("cloud-platform", "https://www.googleapis.com/auth/cloud-platform")


def is_default_account(email: Any) -> bool | None:
    """Whether a service account email is the project's default compute account
    (an omitted or empty email, "default", or <number>-compute@developer...)."""
    if email is MISSING or email is None or email == "":
        return True
    if isinstance(email, Unknown):
        return None
    if not isinstance(email, str):
        return False
    text = email.strip().lower()
    return text == "default" or text.endswith("-compute@developer.gserviceaccount.com")


def full_scope_hit(account: Map) -> Hit | None:
    """The scopes entry that grants every Cloud API, if any."""
    scopes = account.get("scopes")
    if not isinstance(scopes, list):
        return None
    for i, scope in enumerate(scopes):
        if isinstance(scope, str) and scope.strip() in FULL_SCOPES:
            return Hit(scopes, i, attr=f"service_account.scopes[{i}]", values={"value": scope})
    return None


# --- firewall policy rules (hierarchical and network firewall policies) ---------------

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


# GoogleCloudPlatform (formerly terraform-google-modules) sql-db: mysql, postgresql, mssql
SQL_MODULE = re.compile(r"(^|/)(terraform-google-modules|GoogleCloudPlatform)/(terraform-google-)?sql-db([/.?]|$)")


# terraform-google-modules/network: the firewall-rules submodule (`rules`, `ingress_rules`)
# and the root module (`ingress_rules`, `firewall_rules`) create one firewall per entry.
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


# --- IAM policies ---------------------------------------------------------------------

def policy_bindings(container: Map, key: str, module: Any = None) -> list[tuple[Any, list]] | None:
    """(role, members) of every binding of a `policy_data` value: JSON text, an evaluated
    `jsonencode()`, or a `google_iam_policy` data source. None when it cannot be read."""
    value = container.get(key)
    address = getattr(value, "address", None)
    if isinstance(address, str) and address.startswith("data.google_iam_policy.") and module:
        source = module.lookup(address)
        if source is None:
            return None
        return [(b.get("role"), list_items(b.get("members"))) for b in blocks(source.node, "binding")]
    if isinstance(value, Unknown):
        return None
    data = getattr(value, "value", value)
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return None
    if not isinstance(data, dict):
        return None
    return [(b.get("role"), list_items(b.get("members"))) for b in list_items(data.get("bindings"))
            if isinstance(b, dict)]

"""AKS API server exposure: private cluster, or authorized IP ranges in either spelling
(`api_server_authorized_ip_ranges` up to v3, `api_server_access_profile` since 3.x)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.kinds.terraform.rulekit import list_items, truth
from linter.model import Hit, Map, Subject, Unknown

_WORLD = ("0.0.0.0/0", "*", "0.0.0.0", "::/0")
AKS_MODULE = re.compile(r"(?i)(^|/)azure/(aks/azurerm|terraform-azurerm-aks)([/.?]|$)")


def _ranges(node: Map) -> list[tuple[Any, Any, Any]]:
    """(container, key, value) of every authorized range list that is written."""
    found = []
    if "api_server_authorized_ip_ranges" in node:
        found.append((node, "api_server_authorized_ip_ranges", node["api_server_authorized_ip_ranges"]))
    for profile in list_items(node.get("api_server_access_profile")):
        if isinstance(profile, Map) and "authorized_ip_ranges" in profile:
            found.append((profile, "authorized_ip_ranges", profile["authorized_ip_ranges"]))
    return found


def _module(node: Map) -> Iterator[Hit]:
    """The Azure/aks registry module: an explicit world range in its
    `api_server_authorized_ip_ranges` input (an omitted one is not guessed at)."""
    value = node.get("api_server_authorized_ip_ranges")
    if truth(node.get("private_cluster_enabled", False)) is not False or not isinstance(value, list):
        return
    for i, cidr in enumerate(value):
        if isinstance(cidr, str) and cidr.strip() in _WORLD:
            yield Hit(value, i, attr=f"api_server_authorized_ip_ranges[{i}]",
                      values={"detail": f"authorized IP ranges include {cidr}"})
            return


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "module":
        if AKS_MODULE.search(str(node.get("source", ""))):
            yield from _module(node)
        return
    private = node.get("private_cluster_enabled", node.get("private_link_enabled"))  # 2.x spelling
    if isinstance(private, Unknown):
        yield Hit(node, "private_cluster_enabled", attr="private_cluster_enabled",
                  values={"value": private.expr}, unknown=True)
        return
    if truth(private) is True:
        return
    ranges = _ranges(node)
    for container, key, value in ranges:
        if isinstance(value, Unknown):
            yield Hit(container, key, attr=key, values={"value": value.expr}, unknown=True)
            return
        if isinstance(value, list):
            for i, cidr in enumerate(value):
                if isinstance(cidr, str) and cidr.strip() in _WORLD:
                    yield Hit(value, i, attr=f"{key}[{i}]", confidence="high",
                              values={"detail": f"authorized IP ranges include {cidr}"})
                    return
            if any(isinstance(c, (str, Unknown)) and c != "" for c in value):
                return
    yield Hit(node, None, attr="api_server_access_profile.authorized_ip_ranges",
              values={"detail": "public API server without authorized IP ranges"})

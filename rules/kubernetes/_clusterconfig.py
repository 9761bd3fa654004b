"""Shared reading of the API server's configuration files: EncryptionConfiguration
(which provider encrypts which resources) and audit Policy (which level a request gets)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

ENCRYPTING = ("kms", "aescbc", "aesgcm", "secretbox")


def resource_entries(obj: Any) -> Iterator[tuple[int, Any, list[str]]]:
    """(index, entry, resources) of an EncryptionConfiguration's `resources` list."""
    items = obj.get("resources") if isinstance(obj, dict) else None
    for i, entry in enumerate(items if isinstance(items, list) else ()):
        if isinstance(entry, dict) and isinstance(entry.get("resources"), list):
            yield i, entry, [str(r) for r in entry["resources"]]


def covers(resources: list[str], resource: str, group: str = "") -> bool:
    """Whether an encryption `resources` list names a resource (`secrets`, `*.`, `*.*`)."""
    name = f"{resource}.{group}" if group else resource
    return any(r in (name, "*.*") or (r == "*." and not group) or r == f"*.{group}" for r in resources)


def first_provider(entry: Any) -> tuple[int, str, Any] | None:
    """(index, provider name, provider mapping) of the provider that encrypts new writes."""
    providers = entry.get("providers")
    if not isinstance(providers, list):
        return None
    for i, item in enumerate(providers):
        if isinstance(item, dict) and item:
            return i, str(next(iter(item))), item
    return None


# audit policy -------------------------------------------------------------------------
LEVELS = ("None", "Metadata", "Request", "RequestResponse")
_PARTIAL = ("users", "userGroups", "verbs", "namespaces")


def audit_level(policy: Any, group: str, resource: str) -> tuple[str, Any, int | None]:
    """The level every request to `group/resource` gets: (level, rule mapping or the
    policy, rule index). Rules limited to some users, groups, verbs or namespaces decide
    only for those, so the first rule that applies to all requests decides."""
    rules = policy.get("rules") if isinstance(policy, dict) else None
    for i, rule in enumerate(rules if isinstance(rules, list) else ()):
        if not isinstance(rule, dict) or rule.get("nonResourceURLs"):
            continue
        if any(rule.get(k) for k in _PARTIAL):
            continue
        if _matches(rule.get("resources"), group, resource):
            return str(rule.get("level", "None")), rule, i
    return "None", policy, None


def _matches(groups: Any, group: str, resource: str) -> bool:
    if not groups:
        return True  # no resources: every resource
    for item in groups if isinstance(groups, list) else ():
        if not isinstance(item, dict):
            continue
        if str(item.get("group", "")) not in (group, "*"):
            continue
        names = item.get("resources")
        if names and not isinstance(names, list):  # a malformed scalar: read as one name
            names = [names]
        if not names or any(str(n) in (resource, "*") or str(n).startswith(f"{resource}/")
                            for n in names if n is not None):
            return True
    return False

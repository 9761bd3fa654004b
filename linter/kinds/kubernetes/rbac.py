"""RBAC policy rules read the way the API server reads them (exact, case-sensitive)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ROLE_KINDS = ("Role", "ClusterRole")
BINDING_KINDS = ("RoleBinding", "ClusterRoleBinding")


@dataclass
class PolicyRule:
    index: int
    node: Any  # the rule mapping

    def items(self, field: str) -> list[tuple[Any, int, str]]:
        """(list, index, value) of a string list field (verbs, resources, apiGroups, ...)."""
        values = self.node.get(field)
        if not isinstance(values, list):
            return []
        return [(values, i, str(v)) for i, v in enumerate(values) if isinstance(v, (str, int))]

    def values(self, field: str) -> set[str]:
        return {v for _, _, v in self.items(field)}

    def core_group(self) -> bool:
        """True when the rule applies to the core API group ("" or "*")."""
        if "apiGroups" not in self.node:
            return True  # manifests that omit it mean the core group
        return bool(self.values("apiGroups") & {"", "*"})


def policy_rules(obj: Any) -> Iterator[PolicyRule]:
    if not isinstance(obj, dict) or obj.get("kind") not in ROLE_KINDS:
        return
    rules = obj.get("rules")
    if not isinstance(rules, list):
        return
    for i, rule in enumerate(rules):
        if isinstance(rule, dict):
            yield PolicyRule(i, rule)


def subjects_text(binding: Any, limit: int = 3) -> str:
    """'ServiceAccount ns/name, Group devs' for messages."""
    items = binding.get("subjects") if isinstance(binding, dict) else None
    if not isinstance(items, list) or not items:
        return "no subject"
    parts = []
    for item in items[:limit]:
        if not isinstance(item, dict):
            continue
        ns = item.get("namespace")
        name = f"{ns}/{item.get('name')}" if ns else str(item.get("name"))
        parts.append(f"{item.get('kind', '?')} {name}")
    more = len(items) - limit
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")

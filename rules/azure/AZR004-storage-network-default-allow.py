"""Storage network default action: Allow written inline or in a separate network rules
resource, or no network rules at all (Azure's default is Allow)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import list_items, truth
from linter.model import Hit, Map, Subject, Unknown

_RULES = "azurerm_storage_account_network_rules"


def _is_allow(value: object) -> bool:
    return isinstance(value, str) and not isinstance(value, Unknown) and value.strip().lower() == "allow"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == _RULES:
        if _is_allow(node.get("default_action")):
            yield Hit(node, "default_action", attr="default_action",
                      values={"detail": "network default_action is Allow"})
        return
    public = node.get("public_network_access_enabled")
    if truth(public) is False:
        return
    rules = [r for r in list_items(node.get("network_rules")) if isinstance(r, Map)]
    for block in rules:
        action = block.get("default_action")
        if _is_allow(action):
            yield Hit(block, "default_action", attr="network_rules.default_action",
                      values={"detail": "network_rules default_action is Allow"})
        elif isinstance(action, Unknown):
            yield Hit(block, "default_action", attr="network_rules.default_action",
                      values={"value": action.expr}, unknown=True)
        return
    if isinstance(public, Unknown):
        yield Hit(node, "public_network_access_enabled", attr="public_network_access_enabled",
                  values={"value": public.expr}, unknown=True)
        return
    module = subject.context.get("module")
    if module is None:
        return  # cannot see sibling resources: do not guess
    for attribute in ("storage_account_id", "storage_account_name"):
        if module.referencing(subject, _RULES, attribute):
            return  # that resource is checked on its own
    yield Hit(node, None, attr="network_rules", confidence="medium",
              values={"detail": "no network rules: the account accepts traffic from every network"})

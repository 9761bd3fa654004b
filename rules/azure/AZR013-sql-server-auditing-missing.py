"""SQL server auditing, inline (v2) or through a separate auditing policy resource."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import list_items, truth
from linter.model import Hit, Subject

_POLICY = "azurerm_mssql_server_extended_auditing_policy"


def _disabled(node: dict) -> bool:
    value = node.get("enabled")
    return truth(value) is False


def _short_retention(node: dict) -> bool:
    days = node.get("retention_in_days")
    return isinstance(days, int) and not isinstance(days, bool) and 0 < days < 90


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    inline = [b for b in list_items(node.get("extended_auditing_policy")) if isinstance(b, dict)]
    if inline:
        if _disabled(inline[0]):
            yield Hit(inline[0], "enabled", attr="extended_auditing_policy.enabled",
                      values={"detail": "extended_auditing_policy is disabled"})
        elif _short_retention(inline[0]):
            yield Hit(inline[0], "retention_in_days", attr="extended_auditing_policy.retention_in_days",
                      values={"detail": "audit logs are kept less than 90 days"})
        return
    module = subject.context.get("module")
    if module is None:
        return
    policies = module.referencing(subject, _POLICY, "server_id")
    enabled = [p for p in policies if not _disabled(p.node)]
    if enabled:
        if all(_short_retention(p.node) for p in enabled):
            yield Hit(node, None, attr="extended_auditing_policy.retention_in_days",
                      values={"detail": f"its auditing policy {enabled[0].resource} keeps logs "
                                        "less than 90 days"})
        return
    if policies:
        yield Hit(node, None, attr="extended_auditing_policy.enabled",
                  values={"detail": f"its auditing policy {policies[0].resource} is disabled"})
        return
    yield Hit(node, None, attr="extended_auditing_policy",
              values={"detail": "no auditing policy (inline or azurerm_mssql_server_extended_auditing_policy)"})

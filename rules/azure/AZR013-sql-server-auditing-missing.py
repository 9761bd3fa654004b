"""SQL server auditing, inline (v2) or through a separate auditing policy resource."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

_POLICY = "azurerm_mssql_server_extended_auditing_policy"


def _disabled(node: dict) -> bool:
    value = node.get("enabled")
    return value is False or (isinstance(value, str) and value.lower() == "false")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    inline = [b for b in node.get("extended_auditing_policy") or () if isinstance(b, dict)]
    if inline:
        if _disabled(inline[0]):
            yield Hit(inline[0], "enabled", attr="extended_auditing_policy.enabled",
                      values={"detail": "extended_auditing_policy is disabled"})
        return
    module = subject.context.get("module")
    if module is None:
        return
    policies = module.referencing(subject, _POLICY, "server_id")
    if any(not _disabled(p.node) for p in policies):
        return
    if policies:
        yield Hit(node, None, attr="extended_auditing_policy.enabled",
                  values={"detail": f"its auditing policy {policies[0].resource} is disabled"})
        return
    yield Hit(node, None, attr="extended_auditing_policy",
              values={"detail": "no auditing policy (inline or azurerm_mssql_server_extended_auditing_policy)"})

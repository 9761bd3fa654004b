"""SQL servers without an Entra ID administrator, inline or in its own resource."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

_SEPARATE = (("azurerm_sql_active_directory_administrator", "server_name"),
             ("azurerm_mssql_server_azuread_administrator", "server_id"))


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if node.get("azuread_administrator"):
        return
    module = subject.context.get("module")
    if module is None:
        return
    for resource_type, attribute in _SEPARATE:
        if module.referencing(subject, resource_type, attribute):
            return
    yield Hit(node, None, attr="azuread_administrator")

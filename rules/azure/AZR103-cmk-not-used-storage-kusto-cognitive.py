"""Storage accounts, Data Explorer clusters and Cognitive Services accounts without a
customer-managed key, inline or set by their own `*_customer_managed_key` resource."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

_SEPARATE = {
    "azurerm_storage_account": ("azurerm_storage_account_customer_managed_key", "storage_account_id"),
    "azurerm_kusto_cluster": ("azurerm_kusto_cluster_customer_managed_key", "cluster_id"),
    "azurerm_cognitive_account": ("azurerm_cognitive_account_customer_managed_key", "cognitive_account_id"),
}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if node.get("customer_managed_key") is not None:
        return
    module = subject.context.get("module")
    if module is None:
        return
    resource_type, attribute = _SEPARATE[subject.type]
    if module.referencing(subject, resource_type, attribute):
        return
    yield Hit(node, None, attr="customer_managed_key")

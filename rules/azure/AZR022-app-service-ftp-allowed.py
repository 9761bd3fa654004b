"""ftps_state AllAllowed, or left at the AllAllowed default of the v2 resources."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import list_items
from linter.model import Hit, Map, Subject, Unknown

_LEGACY = ("azurerm_app_service", "azurerm_app_service_slot", "azurerm_function_app",
           "azurerm_function_app_slot")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    configs = [c for c in list_items(node.get("site_config")) if isinstance(c, Map)]
    for config in configs:
        state = config.get("ftps_state")
        if isinstance(state, Unknown):
            return
        if isinstance(state, str) and state.strip().lower() == "allallowed":
            yield Hit(config, "ftps_state", attr="site_config.ftps_state",
                      values={"detail": "ftps_state = AllAllowed permits plain FTP"})
            return
        if state is not None:
            return
    if subject.type in _LEGACY:
        yield Hit(node, None, attr="site_config.ftps_state", confidence="medium",
                  values={"detail": "ftps_state is not set and defaults to AllAllowed"})

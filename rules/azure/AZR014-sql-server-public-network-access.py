"""Public network access of SQL servers: explicit true, or the default (true) at low
confidence since firewall rules may still restrict it."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth
from linter.model import Hit, Subject, Unknown


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    value = node.get("public_network_access_enabled")
    if isinstance(value, Unknown):
        yield Hit(node, "public_network_access_enabled", attr="public_network_access_enabled",
                  values={"value": value.expr}, unknown=True)
        return
    if value is None:
        yield Hit(node, None, attr="public_network_access_enabled", confidence="low",
                  values={"detail": "public_network_access_enabled is not set (defaults to true)"})
    elif truth(value) is True:
        yield Hit(node, "public_network_access_enabled", attr="public_network_access_enabled",
                  values={"detail": "public_network_access_enabled = true"})

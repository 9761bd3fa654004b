"""Resources without a private endpoint (or VNet integration) in the scanned configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject


def _targets(endpoint: Subject) -> Iterator[Any]:
    for connection in blocks(endpoint.node, "private_service_connection"):
        yield connection.get("private_connection_resource_id")


def _points_at(value: Any, subject: Subject) -> bool | None:
    """True for a reference to the subject, None when the value cannot be read."""
    full = getattr(value, "full_address", None) or getattr(value, "address", None)
    if full is None:
        return None if value is not None and not isinstance(value, str) else False
    return full == subject.resource or str(full).endswith("." + subject.resource)


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if node.get("delegated_subnet_id") is not None:
        return  # a flexible server injected into a subnet has no public endpoint
    module = subject.context.get("module")
    if module is None:
        return
    unknown = False
    for other in module.registry.resources:
        if other.type != "azurerm_private_endpoint":
            continue
        if getattr(other.context.get("module"), "root", "") != module.root:
            continue  # another root module's references name that configuration's resources
        for target in _targets(other):
            state = _points_at(target, subject)
            if state:
                return
            unknown = unknown or state is None
    if unknown:
        return  # an endpoint whose target cannot be read may be this one
    yield Hit(node, None, attr="private_endpoint")

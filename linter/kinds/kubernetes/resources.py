"""Container CPU/memory requests and limits, with the defaults Kubernetes applies:
a limit without a request becomes the request, and a LimitRange of the namespace fills in
defaults (when it is part of the same scan)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Hit, Subject

# LimitRange field that supplies a default for each section
_LIMIT_RANGE_DEFAULT = {"limits": "default", "requests": "defaultRequest"}


def _has(resources: Any, section: str, name: str) -> bool:
    block = resources.get(section) if isinstance(resources, dict) else None
    return isinstance(block, dict) and block.get(name) not in (None, "")


def _limit_range_default(subject: Subject, section: str, name: str) -> bool:
    cluster = subject.context.get("cluster") or {}
    ranges = (cluster.get("limit_ranges") or {}).get(subject.context.get("namespace") or "", [])
    for lr in ranges:
        limits = (lr.get("spec") or {}).get("limits") if isinstance(lr.get("spec"), dict) else None
        for item in limits or ():
            if not isinstance(item, dict) or item.get("type", "Container") != "Container":
                continue
            fields = [_LIMIT_RANGE_DEFAULT[section]]
            if section == "requests":
                fields.append("default")  # a default limit becomes the request too
            if any(isinstance(item.get(f), dict) and item[f].get(name) is not None for f in fields):
                return True
    return False


def missing_resource(subject: Subject, section: str, name: str) -> Iterator[Hit]:
    """A hit when a container has no `resources.<section>.<name>` in force."""
    if subject.context.get("container_field") == "ephemeralContainers":
        return  # ephemeral containers may not set resources
    container = subject.node
    resources = container.get("resources")
    if _has(resources, section, name):
        return
    if section == "requests" and _has(resources, "limits", name):
        return
    if _limit_range_default(subject, section, name):
        return
    missing = f"resources.{section}.{name}"
    if isinstance(resources, dict) and resources:
        yield Hit(container, "resources", attr="resources", values={"missing": missing})
        return
    seq, index = subject.context["container_seq"], subject.context["container_index"]
    yield Hit(seq, index, attr="", values={"missing": missing})

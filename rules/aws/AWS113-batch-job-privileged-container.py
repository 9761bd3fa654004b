"""Batch job definitions: container_properties, node_properties (multi-node jobs) and
ecs_properties (containers of an ECS task), each a JSON document."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth, unknown_hit
from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


def _containers(attr: str, doc: object) -> Iterator[tuple[str, object]]:
    """(label, container properties) of one of the three JSON attributes."""
    if not isinstance(doc, dict):
        return
    if attr == "container_properties":
        yield "its container", doc
    elif attr == "node_properties":
        for group in doc.get("nodeRangeProperties") or []:
            if isinstance(group, dict):
                yield f"the container of nodes {group.get('targetNodes', '?')}", group.get("container")
    else:
        for task in doc.get("taskProperties") or []:
            for container in (task.get("containers") or []) if isinstance(task, dict) else []:
                if isinstance(container, dict):
                    yield f"container {container.get('name', '?')!r}", container


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    for attr in ("container_properties", "node_properties", "ecs_properties"):
        value = node.get(attr)
        if value is None:
            continue
        doc = policies.document(value)
        if isinstance(doc, Unknown):
            yield unknown_hit(node, attr, attr)
            continue
        for label, container in _containers(attr, doc):
            if not isinstance(container, dict):
                continue
            flag = container.get("privileged")
            if isinstance(flag, Unknown):
                yield unknown_hit(node, attr, attr)
            elif truth(flag) is True:
                yield Hit(node, attr, attr=f"{attr}.privileged", values={"container": label})

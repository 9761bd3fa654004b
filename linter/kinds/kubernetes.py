"""Kubernetes manifests: objects, their pod specs, and their containers.

Every workload shape resolves to its pod spec, so a rule written for `container` sees
the containers of a Pod, a Deployment or a CronJob alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Document, Map, Subject
from . import Parsed
from ._yaml import read_yaml

# kind -> path from the object to its pod spec
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
CONTAINER_FIELDS = ("containers", "initContainers", "ephemeralContainers")


def parse(path: str, text: str) -> Parsed:
    docs, problems = read_yaml(path, text, "1.1")
    out = Parsed(problems=problems)
    for index, root in enumerate(docs):
        if root is None:
            continue
        for obj in _objects(root):
            out.documents.append(Document(path, "kubernetes", obj, text, index))
    return out


def _objects(root: Any) -> Iterator[Map]:
    """Objects of a document; a `kind: List` yields its items."""
    if not isinstance(root, dict) or "kind" not in root:
        return
    if str(root.get("kind", "")).endswith("List") and isinstance(root.get("items"), list):
        for item in root["items"]:
            yield from _objects(item)
        return
    if "apiVersion" in root:
        yield root


def object_name(obj: Map) -> str:
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    kind = str(obj.get("kind", "?"))
    name = str(meta.get("name") or meta.get("generateName") or "?")
    ns = meta.get("namespace")
    return f"{kind}/{ns}/{name}" if ns else f"{kind}/{name}"


def pod_spec(obj: Map) -> tuple[Any, str] | None:
    """The pod spec of a workload and its attribute path, or None."""
    path = POD_SPEC_PATHS.get(str(obj.get("kind")))
    if not path:
        return None
    node: Any = obj
    for key in path:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return None
        node = node[key]
    return node, ".".join(path)


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    for doc in documents:
        obj = doc.root
        kind = str(obj.get("kind"))
        resource = object_name(obj)
        yield Subject("kubernetes", "object", kind, resource, obj, doc.path, {"object": obj})
        found = pod_spec(obj)
        if not found:
            continue
        spec, spec_attr = found
        ctx = {"object": obj, "pod_spec": spec, "attr": spec_attr}
        yield Subject("kubernetes", "pod", kind, resource, spec, doc.path, ctx)
        for field in CONTAINER_FIELDS:
            items = spec.get(field)
            if not isinstance(items, list):
                continue
            for i, container in enumerate(items):
                if not isinstance(container, dict):
                    continue
                cctx = dict(ctx, container_field=field, attr=f"{spec_attr}.{field}[{i}]")
                yield Subject("kubernetes", "container", kind, resource, container, doc.path, cctx)

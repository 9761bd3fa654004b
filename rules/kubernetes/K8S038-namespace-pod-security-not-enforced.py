"""Namespaces without `pod-security.kubernetes.io/enforce`, or enforcing `privileged`
(system namespaces are left alone)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

LABEL = "pod-security.kubernetes.io/enforce"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    obj = subject.node
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else None
    if meta is None or str(meta.get("name", "")) in set(params.get("system_namespaces", ())):
        return
    labels = meta.get("labels")
    value = labels.get(LABEL) if isinstance(labels, dict) else None
    if value is None:
        node, key = (meta, "labels") if isinstance(labels, dict) else (obj, "metadata")
        yield Hit(node, key, attr=f"metadata.labels.{LABEL}", values={
            "missing": LABEL, "problem": f"namespace has no {LABEL} label: pods are not checked"})
    elif str(value).strip() == "privileged":
        yield Hit(labels, LABEL, attr=f"metadata.labels.{LABEL}", values={
            "value": "privileged", "problem": "namespace enforces the privileged profile: pods are not checked"})

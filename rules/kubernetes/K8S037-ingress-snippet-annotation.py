"""Snippet annotations on an Ingress (ingress-nginx and NGINX Inc. controllers)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    names = set(params.get("annotations", ()))
    meta = subject.node.get("metadata")
    annotations = meta.get("annotations") if isinstance(meta, dict) else None
    if not isinstance(annotations, dict):
        return
    for key, value in annotations.items():
        if key in names and str(value or "").strip():
            yield Hit(annotations, key, attr=f"metadata.annotations.{key}", values={"value": str(key)})

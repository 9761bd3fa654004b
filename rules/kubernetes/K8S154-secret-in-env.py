"""Secrets passed as environment variables (secretKeyRef, envFrom secretRef)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    env = subject.node.get("env")
    for i, item in enumerate(env if isinstance(env, list) else ()):
        source = item.get("valueFrom") if isinstance(item, dict) else None
        if isinstance(source, dict) and isinstance(source.get("secretKeyRef"), dict):
            ref = source["secretKeyRef"]
            yield Hit(source, "secretKeyRef", attr=f"env[{i}].valueFrom.secretKeyRef",
                      values={"what": f"{item.get('name')} from Secret {ref.get('name')}"})
    env_from = subject.node.get("envFrom")
    for i, item in enumerate(env_from if isinstance(env_from, list) else ()):
        if isinstance(item, dict) and isinstance(item.get("secretRef"), dict):
            yield Hit(item, "secretRef", attr=f"envFrom[{i}].secretRef",
                      values={"what": f"every key of Secret {item['secretRef'].get('name')}"})

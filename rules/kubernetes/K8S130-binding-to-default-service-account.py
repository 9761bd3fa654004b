"""A (Cluster)RoleBinding whose subjects include a namespace's `default` ServiceAccount:
every pod that names no service account gets the role."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    obj = subject.node
    ref = obj.get("roleRef") if isinstance(obj.get("roleRef"), dict) else {}
    items = obj.get("subjects")
    if not isinstance(items, list):
        return
    for i, item in enumerate(items):
        if not isinstance(item, dict) or item.get("kind") != "ServiceAccount" or item.get("name") != "default":
            continue
        ns = item.get("namespace") or subject.context.get("namespace") or "its namespace"
        yield Hit(item, "name", attr=f"subjects[{i}].name", values={
            "namespace": ns, "role": f"{ref.get('kind', 'role')} {ref.get('name', '?')}"})

"""Subject system:authenticated, except the discovery roles Kubernetes binds to it."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    obj = subject.node
    ref = obj.get("roleRef") if isinstance(obj.get("roleRef"), dict) else {}
    role_name = str(ref.get("name", "?"))
    if role_name in set(params.get("allowed_roles", ())):
        return
    subjects = obj.get("subjects")
    if not isinstance(subjects, list):
        return
    for i, item in enumerate(subjects):
        if isinstance(item, dict) and item.get("name") == "system:authenticated":
            yield Hit(item, "name", attr=f"subjects[{i}].name", values={
                "value": "system:authenticated", "role": str(ref.get("kind", "role")),
                "role_name": role_name})

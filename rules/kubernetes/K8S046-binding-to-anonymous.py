"""Subjects system:anonymous / system:unauthenticated, except the default
public-info-viewer binding Kubernetes itself creates."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

ANONYMOUS = ("system:anonymous", "system:unauthenticated")


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
        if isinstance(item, dict) and item.get("name") in ANONYMOUS:
            yield Hit(item, "name", attr=f"subjects[{i}].name", values={
                "value": item["name"], "role": str(ref.get("kind", "role")), "role_name": role_name})

"""roleRef naming the cluster-admin ClusterRole."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.rbac import subjects_text
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    ref = subject.node.get("roleRef")
    if not isinstance(ref, dict) or ref.get("name") != "cluster-admin":
        return
    if ref.get("kind", "ClusterRole") != "ClusterRole":
        return
    yield Hit(ref, "name", attr="roleRef.name",
              values={"value": "cluster-admin", "subjects": subjects_text(subject.node)})

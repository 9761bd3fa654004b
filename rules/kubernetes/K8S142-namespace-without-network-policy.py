"""A namespace that runs workloads in a folder of this scan and has no NetworkPolicy in
that folder, a parent or a sub-folder: all pods accept traffic from every pod of the
cluster. Reported once per namespace and folder, on its Namespace object there when
there is one, else on its first workload. Workloads that name no
namespace are not judged (the namespace is chosen when they are applied)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    cluster = subject.context.get("cluster") or {}
    anchor = (cluster.get("unprotected_namespaces") or {}).get(id(subject.node))
    if anchor is None:
        return
    obj = subject.node
    yield Hit(obj, "metadata" if "metadata" in obj else None, attr="", values={"namespace": anchor})

"""A NetworkPolicy whose podSelector matches none of the pods its namespace runs in this
scan (same folder, a parent or a sub-folder): it protects nothing, usually after a label
was renamed. Namespaces without workloads in scope are not judged."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.cluster import workloads_in_scope
from linter.kinds.kubernetes.selectors import matches
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node.get("spec")
    if not isinstance(spec, dict) or not isinstance(spec.get("podSelector"), dict):
        return
    selector = spec["podSelector"]
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        return  # {} selects every pod of the namespace
    pods = workloads_in_scope(subject.context.get("cluster") or {}, subject.context.get("namespace") or "",
                              subject.path)
    if not pods:
        return
    results = [matches(selector, labels) for _, labels in pods]
    if any(r is None or r for r in results):
        return
    yield Hit(spec, "podSelector", attr="spec.podSelector", values={"count": str(len(pods))})

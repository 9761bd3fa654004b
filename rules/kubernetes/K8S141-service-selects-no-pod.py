"""A Service whose selector matches none of the pods its namespace runs in this scan (same
folder, a parent or a sub-folder). Services without a selector (manual Endpoints,
ExternalName) and namespaces without workloads in scope are not judged."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.cluster import workloads_in_scope
from linter.kinds.kubernetes.selectors import service_matches
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node.get("spec")
    if not isinstance(spec, dict) or not isinstance(spec.get("selector"), dict) or not spec["selector"]:
        return
    if spec.get("type") == "ExternalName":
        return
    pods = workloads_in_scope(subject.context.get("cluster") or {}, subject.context.get("namespace") or "",
                              subject.path)
    if not pods or any(service_matches(spec["selector"], labels) for _, labels in pods):
        return
    yield Hit(spec, "selector", attr="spec.selector", values={"count": str(len(pods))})

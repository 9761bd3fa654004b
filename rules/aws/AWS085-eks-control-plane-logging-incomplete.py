"""Control plane log types that must be enabled (params.required)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import is_unknown, unknown_hit


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    required = list(params.get("required") or ["api", "audit", "authenticator"])
    node = subject.node
    types = node.get("enabled_cluster_log_types")
    if types is None:
        yield Hit(node, None, attr="enabled_cluster_log_types",
                  values={"missing": ", ".join(required)})
        return
    if not isinstance(types, list) or any(is_unknown(t) for t in types):
        yield unknown_hit(node, "enabled_cluster_log_types", "enabled_cluster_log_types")
        return
    missing = [t for t in required if t not in types]
    if missing:
        yield Hit(node, "enabled_cluster_log_types", attr="enabled_cluster_log_types",
                  values={"missing": ", ".join(missing)})

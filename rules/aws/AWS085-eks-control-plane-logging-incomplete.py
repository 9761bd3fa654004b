"""Control plane log types that must be enabled (params.required)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown, unknown_hit
from linter.model import Hit, Subject
from linter.rules import load_sibling

registry = load_sibling(__file__, "_registry_modules.py")


def _module(node: dict, required: list) -> Iterator[Hit]:
    """terraform-aws-modules/eks enables audit, api and authenticator logs unless
    `cluster_enabled_log_types` (`enabled_log_types` from v21) says otherwise."""
    for key in ("cluster_enabled_log_types", "enabled_log_types"):
        types = node.get(key)
        if not isinstance(types, list) or any(is_unknown(t) for t in types):
            continue
        missing = [t for t in required if t not in types]
        if missing:
            yield Hit(node, key, attr=key, values={"missing": ", ".join(missing)})


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    required = list(params.get("required") or ["api", "audit", "authenticator"])
    node = subject.node
    if subject.type == "module":
        if registry.registry_module(node, "eks"):
            yield from _module(node, required)
        return
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

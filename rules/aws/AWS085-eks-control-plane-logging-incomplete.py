"""Control plane log types that must be enabled (params.required)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _values():
    """The AWS pack's shared value readers (checks are loaded by path, not as a package)."""
    path = Path(__file__).with_name("_tfvalues.py")
    name = f"iacgate_aws_tfvalues_{abs(hash(str(path)))}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


tv = _values()


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    required = list(params.get("required") or ["api", "audit", "authenticator"])
    node = subject.node
    types = node.get("enabled_cluster_log_types")
    if types is None:
        yield Hit(node, None, attr="enabled_cluster_log_types",
                  values={"missing": ", ".join(required)})
        return
    if not isinstance(types, list) or any(tv.is_unknown(t) for t in types):
        yield tv.unknown_hit(node, "enabled_cluster_log_types", "enabled_cluster_log_types")
        return
    missing = [t for t in required if t not in types]
    if missing:
        yield Hit(node, "enabled_cluster_log_types", attr="enabled_cluster_log_types",
                  values={"missing": ", ".join(missing)})

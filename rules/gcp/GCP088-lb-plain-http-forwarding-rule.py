"""External forwarding rules whose target is a plain HTTP proxy."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject, Unknown


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    scheme = node.get("load_balancing_scheme", "EXTERNAL")
    if isinstance(scheme, Unknown) or str(scheme).upper() not in ("EXTERNAL", "EXTERNAL_MANAGED"):
        return
    target = node.get("target")
    address = getattr(target, "address", None) or ""
    text = address if address else (target if isinstance(target, str) else "")
    if "target_http_proxy" in text or "/targetHttpProxies/" in text:
        yield Hit(node, "target", attr="target", values={"value": address or text})

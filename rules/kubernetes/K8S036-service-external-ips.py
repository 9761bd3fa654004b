"""Each address listed in spec.externalIPs."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node.get("spec")
    ips = spec.get("externalIPs") if isinstance(spec, dict) else None
    if not isinstance(ips, list):
        return
    for i, ip in enumerate(ips):
        if ip not in (None, ""):
            yield Hit(ips, i, attr=f"spec.externalIPs[{i}]", values={"value": str(ip)})

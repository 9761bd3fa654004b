"""Ingress without spec.tls (or with an empty one); points at `spec:`."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    obj = subject.node
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    tls = spec.get("tls")
    if isinstance(tls, list) and tls:
        return
    hosts = sorted({str(r.get("host")) for r in spec.get("rules") or () if isinstance(r, dict)
                    and r.get("host")})
    where = (obj, "spec") if tls is None else (spec, "tls")
    yield Hit(where[0], where[1], attr="spec.tls", values={
        "missing": "spec.tls", "hosts": ", ".join(hosts) if hosts else "every host"})

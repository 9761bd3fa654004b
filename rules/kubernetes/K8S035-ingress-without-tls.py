"""Ingress without spec.tls (points at `spec:`), or whose tls section leaves some rule
hosts out (points at that rule's `host:`). A tls entry without hosts covers every host."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    obj = subject.node
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    rules = [r for r in spec.get("rules") or () if isinstance(r, dict)] if isinstance(
        spec.get("rules"), list) else []
    tls = spec.get("tls")
    if not (isinstance(tls, list) and tls):
        hosts = sorted({str(r["host"]) for r in rules if r.get("host")})
        node, key = (obj, "spec") if tls is None else (spec, "tls")
        yield Hit(node, key, attr="spec.tls", values={
            "missing": "spec.tls", "hosts": ", ".join(hosts) if hosts else "every host"})
        return
    covered: list[str] = []
    for entry in tls:
        if not isinstance(entry, dict):
            continue
        hosts = entry.get("hosts")
        if not isinstance(hosts, list) or not hosts:
            return  # the default certificate serves every host
        covered.extend(str(h) for h in hosts)
    for i, rule in enumerate(spec["rules"] if rules else ()):
        host = rule.get("host") if isinstance(rule, dict) else None
        if not host or any(fnmatch.fnmatchcase(str(host), c) or c == str(host) for c in covered):
            continue
        yield Hit(rule, "host", attr=f"spec.rules[{i}].host", values={"hosts": str(host)})

"""PostgreSQL logging flags that are off or missing; one finding per instance, on the
flag written 'off' when there is one, else on the settings block."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling

base = load_sibling(__file__, "_gcp.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    version = node.get("database_version")
    if not isinstance(version, str) or not version.upper().startswith("POSTGRES"):
        return
    settings = base.first(node, "settings")
    if not isinstance(settings, dict):
        return
    wanted = list(params.get("flags") or ())
    seen: dict[str, object] = {}
    first_off = None
    for flag in blocks(settings, "database_flags"):
        name = flag.get("name")
        if isinstance(name, Unknown):
            return  # a computed flag list may set any of them
        if name in wanted:
            value = flag.get("value")
            seen[name] = value
            if base.truth(value) is False and first_off is None:
                first_off = flag
    if any(isinstance(v, Unknown) for v in seen.values()):
        return
    bad = [f for f in wanted if base.truth(seen.get(f, "off")) is not True]
    if not bad:
        return
    values = {"flags": ", ".join(bad)}
    if first_off is not None:
        yield Hit(first_off, "value", attr="settings.database_flags", values=values)
    else:
        yield Hit(node, None, attr="settings.database_flags", values=values)

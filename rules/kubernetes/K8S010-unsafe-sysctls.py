"""Sysctls outside the PSS baseline safe set (names may use `/` as separator)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import security_context
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    safe = {str(s) for s in params.get("safe", ())}
    sc = security_context(subject.node)
    sysctls = sc.get("sysctls") if sc is not None else None
    if not isinstance(sysctls, list):
        return
    for i, item in enumerate(sysctls):
        if not isinstance(item, dict) or item.get("name") in (None, ""):
            continue
        name = str(item["name"]).replace("/", ".")
        if name not in safe:
            yield Hit(item, "name", attr=f"securityContext.sysctls[{i}].name",
                      values={"value": str(item["name"])})

"""SYS_ADMIN or ALL in capabilities.add."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import capabilities, capability_names
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    add, _ = capabilities(subject.node)
    for i, name in capability_names(add):
        if name in ("SYS_ADMIN", "ALL"):
            yield Hit(add, i, attr=f"securityContext.capabilities.add[{i}]", values={"value": name})

"""Added capabilities outside the PSS baseline allow list (the runtime's default set)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import capabilities, capability_names
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    allowed = {str(c).upper() for c in params.get("allowed", ())}
    add, _ = capabilities(subject.node)
    name = str(subject.node.get("name", "?"))
    for i, cap in capability_names(add):
        if cap not in allowed:
            yield Hit(add, i, attr=f"securityContext.capabilities.add[{i}]",
                      values={"value": cap, "container": name})

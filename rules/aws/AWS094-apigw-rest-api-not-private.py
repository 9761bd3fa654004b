"""REST APIs default to EDGE; only endpoint_configuration types PRIVATE keeps them off the Internet."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_dynamic, is_unknown
from linter.model import Hit, Subject, Unknown


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    found = blocks(node, "endpoint_configuration")
    if not found:
        if not isinstance(node.get("endpoint_configuration"), Unknown):
            yield Hit(node, None, attr="endpoint_configuration", values={"types": "EDGE by default"})
        return
    for index, block in enumerate(found):
        types = block.get("types")
        if is_dynamic(block) or not isinstance(types, list):
            continue
        if any(is_unknown(t) for t in types) or "PRIVATE" in types:
            continue
        yield Hit(block, "types", attr=f"endpoint_configuration[{index}].types",
                  values={"types": ", ".join(str(t) for t in types)})

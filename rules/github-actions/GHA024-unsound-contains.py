"""contains('<literal string>', <context>) in if: conditions."""

import re

from linter.model import Hit

_CONTAINS = re.compile(r"contains\(\s*('(?:[^']|'')*')\s*,\s*([A-Za-z_][A-Za-z0-9_.\-\[\]'*]*)\s*\)",
                       re.IGNORECASE)


def check(subject, params):
    node = subject.node
    cond = node.get("if")
    if not isinstance(cond, str):
        return
    for m in _CONTAINS.finditer(cond):
        yield Hit(node, "if", attr=f"if[{m.group(2)}]", confidence="high",
                  values={"value": f"contains({m.group(1)}, {m.group(2)})"})

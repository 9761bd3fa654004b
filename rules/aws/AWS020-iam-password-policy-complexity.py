"""Password policies that do not require every character class."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth
from linter.model import Hit, Subject

CLASSES = ("require_lowercase_characters", "require_uppercase_characters", "require_numbers",
           "require_symbols")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    missing = []
    for name in CLASSES:
        if name not in node:
            missing.append(name)
            continue
        state = truth(node[name])
        if state is not True:
            yield Hit(node, name, attr=name, unknown=state is None,
                      values={"settings": f"{name} = false", "value": str(node[name])})
    if missing:
        yield Hit(node, None, values={"settings": ", ".join(missing) + " not set",
                                      "missing": ", ".join(missing)})

"""Container group environment variables whose names say they hold secrets, set in
plain `environment_variables` instead of `secure_environment_variables`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Map, Subject

_SECRET = re.compile(r"(?i)(passw(or)?d|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|"
                     r"connection[_-]?string|credential|client[_-]?secret|pwd)")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for i, container in enumerate(blocks(subject.node, "container")):
        env = container.get("environment_variables")
        if not isinstance(env, Map):
            continue
        for name in env:
            if isinstance(name, str) and _SECRET.search(name):
                yield Hit(env, name, attr=f"container[{i}].environment_variables.{name}",
                          values={"value": name})

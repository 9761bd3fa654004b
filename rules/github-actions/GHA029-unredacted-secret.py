"""`fromJSON(secrets.X)`: fields of a structured secret are not masked in logs."""

import re

from linter.kinds.github_actions.model import expressions, file_strings
from linter.model import Hit

_FROM_JSON = re.compile(r"fromjson\s*\(\s*secrets\s*(?:\.\s*[A-Za-z_][A-Za-z0-9_-]*|\[[^\]]*\])\s*\)",
                        re.IGNORECASE)


def check(subject, params):
    source = subject.context.get("source")
    for container, key, path in file_strings(subject.context, subject.node):
        value = container[key]
        if "secrets" not in value or "${{" not in value:
            continue
        for found in expressions(source, container, key):
            m = _FROM_JSON.search(found.expr.body)
            if m:
                yield Hit(container, key, attr=f"{path}[fromJSON]", span=found.span,
                          values={"value": " ".join(found.expr.body.split()), "where": path})

"""`secrets` read as a whole object or through a computed index, anywhere in the file."""

from linter.kinds.github_actions.model import expressions, file_strings
from linter.model import Hit


def check(subject, params):
    source = subject.context.get("source")
    for container, key, path in file_strings(subject.context, subject.node):
        value = container[key]
        if "secrets" not in value or "${{" not in value:
            continue
        for found in expressions(source, container, key):
            for ref, span in found.refs:
                if ref.path in ("secrets", "secrets.*"):
                    yield Hit(container, key, attr=f"{path}[{ref.path}]", span=span,
                              values={"value": found.expr.body.strip(), "where": path})

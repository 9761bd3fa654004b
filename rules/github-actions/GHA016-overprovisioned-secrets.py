"""`secrets` read as a whole object or through a computed index."""

from linter.kinds.gha_model import expressions, string_entries
from linter.model import Hit

SKIP = {"workflow": ("jobs",), "job": ("steps",), "step": ()}


def check(subject, params):
    node = subject.node
    source = subject.context.get("source")
    skip = SKIP.get(subject.level, ())
    for key in list(node):
        if key in skip:
            continue
        for container, k, path in _one(node, key):
            for found in expressions(source, container, k):
                for ref, span in found.refs:
                    if ref.path == "secrets" or ref.path == "secrets.*":
                        yield Hit(container, k, attr=f"{path}[{ref.path}]", span=span,
                                  values={"value": found.expr.body.strip()})


def _one(node, key):
    """Entries of one top-level key, the key itself included as a string entry."""
    value = node[key]
    if isinstance(value, str):
        return [(node, key, str(key))]
    return list(string_entries(value, str(key)))

"""`if:` values that mix `${{ }}` with other text (always-true string templates)."""

from linter.kinds.github_actions.expr import find_expressions
from linter.model import Hit


def check(subject, params):
    node = subject.node
    cond = node.get("if")
    if not isinstance(cond, str) or "${{" not in cond:
        return
    exprs = find_expressions(cond)
    if not exprs:
        return
    rest = cond
    for e in reversed(exprs):
        rest = rest[:e.start] + rest[e.end:]
    if not rest:
        return
    if rest.strip():
        why = f"text outside the braces ('{rest.strip()[:40]}')"
    else:
        why = "whitespace or a trailing newline around the expression"
    yield Hit(node, "if", attr="if", values={"why": why, "value": " ".join(cond.split())[:80]})

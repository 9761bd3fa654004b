"""ACTIONS_ALLOW_UNSECURE_COMMANDS set to a true value in any env block."""

import re

from linter.kinds.github_actions.model import mapping
from linter.kinds.github_actions.scripts import pattern_spans
from linter.model import Hit

NAME = "ACTIONS_ALLOW_UNSECURE_COMMANDS"
# Turned on for later steps: `echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> $GITHUB_ENV`.
_ENV_WRITE = re.compile(NAME + r"=[\"']?(?:true|1)\b[^\n]*GITHUB_ENV", re.IGNORECASE)


def check(subject, params):
    node = subject.node
    envs = [mapping(node.get("env"))]
    if subject.level == "workflow" and subject.type == "action":
        return
    if subject.level == "step":
        envs.append(mapping(mapping(node.get("with")).get("env")))
        if isinstance(node.get("run"), str) and NAME in node["run"].upper():
            for _m, span in pattern_spans(subject.context.get("source"), node, "run", _ENV_WRITE):
                yield Hit(node, "run", attr=f"run[{NAME}]", span=span, values={"value": "true"})
    if subject.level == "job":  # `env: ${{ matrix.env }}` with the variable in the matrix
        matrix = mapping(mapping(node.get("strategy")).get("matrix"))
        envs.extend(m for _, m in _maps(matrix))
    for env in envs:
        for key, value in env.items():
            if str(key).upper() != NAME:
                continue
            if value is False or str(value).strip().lower() in ("false", "0", ""):
                continue
            yield Hit(env, key, attr=f"env.{key}", values={"value": value})


def _maps(node, depth=0):
    """Every mapping nested under a matrix (values and include/exclude entries)."""
    if depth > 6:
        return
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for value in items:
        if isinstance(value, dict):
            yield None, value
        if isinstance(value, (dict, list)):
            yield from _maps(value, depth + 1)


def fix(subject, hit, params):
    """Remove the variable from its env block; a script writing it to $GITHUB_ENV is
    left to a person."""
    from linter.fix.edits import Delete, Refusal

    if hit.key == "run":
        return Refusal("the script turns it on through $GITHUB_ENV: remove that line")
    return [Delete(hit.node, hit.key)]

"""Attacker-controlled contexts expanded into `run:` or a script action's script."""

from linter.kinds.github_actions.model import expressions
from linter.kinds.github_actions.scripts import script_sinks, tainted_refs
from linter.model import Hit


def check(subject, params):
    source = subject.context.get("source")
    for container, key in script_sinks(subject.node):
        for found in expressions(source, container, key):
            for text, path, span in tainted_refs(found, subject.context):
                origin = "" if path == text.lower() else f" (carrying {path})"
                yield Hit(container, key, attr=f"{key}[{text}]", span=span,
                          values={"value": text, "context": path, "origin": origin})

"""Attacker-controlled contexts expanded into `run:` or a script action's script. The
severity follows how exploitable the job is (linter.kinds.github_actions.exposure)."""

from linter.kinds.github_actions.exposure import exposure
from linter.kinds.github_actions.model import expressions
from linter.kinds.github_actions.scripts import script_sinks, tainted_refs
from linter.model import Hit
from linter.rules import load_sibling


def check(subject, params):
    source = subject.context.get("source")
    seen = None
    for container, key in script_sinks(subject.node):
        for found in expressions(source, container, key):
            for text, path, span in tainted_refs(found, subject.context):
                if seen is None:
                    seen = exposure(subject.context, subject.node)
                origin = "" if path == text.lower() else f" (carrying {path})"
                yield Hit(container, key, attr=f"{key}[{text}]", span=span,
                          severity=seen.severity("high"),
                          values={"value": text, "context": path, "origin": origin,
                                  "exposure": seen.reason()})


def fix(subject, hit, params):
    return load_sibling(__file__, "_script_env.py").move_to_env(subject, hit)

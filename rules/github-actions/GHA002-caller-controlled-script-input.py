"""Free-text inputs, dispatch payloads and step/job outputs expanded into scripts."""

from linter.kinds.github_actions.expr import is_attacker_controlled, is_caller_controlled
from linter.kinds.github_actions.model import expressions, mapping
from linter.kinds.github_actions.scripts import (
    matrix_sources,
    script_sinks,
    tainted_matrix,
    tainted_need,
    tainted_output,
)
from linter.model import Hit
from linter.rules import load_sibling

SAFE_TYPES = {"boolean", "number", "choice", "environment"}


def _typed_inputs(ctx):
    """Names of inputs whose declared type cannot carry free text."""
    safe = set()
    declared = []
    if ctx.get("action"):
        declared.append(mapping(ctx["workflow"].get("inputs")))
    for event in ("workflow_dispatch", "workflow_call"):
        declared.append(mapping(mapping(ctx.get("triggers", {}).get(event)).get("inputs")))
    for inputs in declared:
        for name, spec in inputs.items():
            if isinstance(spec, dict) and str(spec.get("type", "")).lower() in SAFE_TYPES:
                safe.add(str(name).lower())
    return safe


def _caller_matrix(ctx, name):
    """A free-text caller value (not attacker data: GHA001) a matrix key is set from."""
    sources = matrix_sources(ctx, name)
    if any(is_attacker_controlled(p) for p in sources) or tainted_matrix(ctx, name):
        return None  # attacker data: reported by GHA001
    safe = _typed_inputs(ctx)
    return next((p for p in sources if is_caller_controlled(p)
                 and not (p.startswith(("inputs.", "github.event.inputs."))
                          and p.rsplit(".", 1)[-1] in safe)), None)


def check(subject, params):
    source = subject.context.get("source")
    safe = None
    for container, key in script_sinks(subject.node):
        for found in expressions(source, container, key):
            for ref, span in found.refs:
                if not ref.flows:
                    continue
                if ref.path.startswith("matrix.") and ref.path.count(".") == 1:
                    origin = _caller_matrix(subject.context, ref.path[7:])
                    if origin:
                        yield Hit(container, key, attr=f"{key}[{ref.text}]", span=span,
                                  values={"value": f"{ref.text} (from {origin})"})
                    continue
                if not is_caller_controlled(ref.path):
                    continue
                if ref.path.startswith(("inputs.", "github.event.inputs.")):
                    if safe is None:
                        safe = _typed_inputs(subject.context)
                    if ref.path.rsplit(".", 1)[-1] in safe:
                        continue
                    if ref.path.split(".")[-1] in (subject.context.get("tainted_inputs") or {}):
                        continue  # a caller passes attacker data: reported by GHA001
                parts = ref.text.split(".")
                if ref.path.startswith("steps.") and len(parts) == 4 and \
                        tainted_output(subject.context, parts[1], parts[3]):
                    continue  # attacker data: reported by GHA001
                if ref.path.startswith("needs.") and len(parts) == 4 and \
                        tainted_need(subject.context, parts[1], parts[3]):
                    continue  # attacker data: reported by GHA001
                yield Hit(container, key, attr=f"{key}[{ref.text}]", span=span,
                          values={"value": ref.text})


def fix(subject, hit, params):
    return load_sibling(__file__, "_script_env.py").move_to_env(subject, hit)

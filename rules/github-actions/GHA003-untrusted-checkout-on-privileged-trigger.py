"""pull_request_target / workflow_run + checkout of the head + a step that runs code."""

from linter.kinds.gha_model import TARGET_TRIGGERS, parse_uses
from linter.kinds.gha_scripts import checks_out_head, runs_code
from linter.model import Hit


def _runner(step):
    if isinstance(step.get("run"), str):
        return "a run step"
    uses = parse_uses(step.get("uses"))
    return uses.raw if uses else "a step"


def check(subject, params):
    trig = sorted(TARGET_TRIGGERS & set(subject.context.get("triggers", {})))
    if not trig:
        return
    source = subject.context.get("source")
    steps = subject.context.get("steps") or []
    for i, step in enumerate(steps):
        where = checks_out_head(step, source)
        if where is None:
            continue
        later = [s for s in steps[i + 1:] if runs_code(s)]
        in_run = where[1] == "run"
        if not later and not in_run:
            continue
        container, key = where
        value = container.get(key)
        shown = value.strip().splitlines()[0][:80] if isinstance(value, str) else key
        yield Hit(container, key, attr=f"steps[{i}].{key}",
                  values={"value": shown, "trigger": " / ".join(trig),
                          "runner": _runner(later[0]) if later else "the same script"})
        return

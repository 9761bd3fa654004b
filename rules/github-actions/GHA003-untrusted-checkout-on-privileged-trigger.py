"""pull_request_target / workflow_run / issue_comment + checkout of the head + a step that
runs code."""

import re

from linter.kinds.github_actions.model import CHECKOUT_TRIGGERS, parse_uses
from linter.kinds.github_actions.scripts import checks_out_head, runs_code, same_repo_only
from linter.model import Hit

# A maintainer approval (environment reviewers, a label, an author check) narrows who can
# trigger the job; the pattern stays dangerous (the head can change after approval).
_GATE = re.compile(r"labels|author_association|label\.name", re.IGNORECASE)


def _runner(step):
    if isinstance(step.get("run"), str):
        return "a run step"
    uses = parse_uses(step.get("uses"))
    return uses.raw if uses else "a step"


def check(subject, params):
    trig = sorted(CHECKOUT_TRIGGERS & set(subject.context.get("triggers", {})))
    if not trig:
        return
    source = subject.context.get("source")
    steps = subject.context.get("steps") or []
    for i, step in enumerate(steps):
        where = checks_out_head(step, source, subject.context)
        if where is None:
            continue
        later = [s for s in steps[i + 1:] if runs_code(s)]
        in_run = where[1] == "run"
        if not later and not in_run:
            continue
        if same_repo_only(subject.node, step):
            return
        container, key = where
        value = container.get(key)
        shown = value.strip().splitlines()[0][:80] if isinstance(value, str) else key
        gated = "environment" in subject.node or _GATE.search(str(subject.node.get("if", "")))
        yield Hit(container, key, attr=f"steps[{i}].{key}",
                  confidence="medium" if gated else None,
                  values={"value": shown, "trigger": " / ".join(trig),
                          "runner": _runner(later[0]) if later else "the same script"})
        return

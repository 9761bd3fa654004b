"""pull_request_target / workflow_run / issue_comment + checkout of the head + a step that
runs code."""

import re

from linter.kinds.github_actions.exposure import restricted_by
from linter.kinds.github_actions.model import CHECKOUT_TRIGGERS, parse_uses
from linter.kinds.github_actions.scripts import checks_out_head, runs_code, same_repo_only
from linter.model import Hit

# The line of a script that checks the head out (shown in the message), not a lookup
# such as `gh pr view` that precedes it.
_CHECKOUT_LINE = re.compile(r"\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|switch|reset)\b")


# A checkout of a commit fixed by the event (the head SHA when the job was approved), not of
# a ref that follows later pushes (`refs/pull/N/head`, `gh pr checkout N`, the branch).
_IMMUTABLE = re.compile(r"head\.sha|head_sha|headRefOid|merge_commit_sha|head_commit\.id", re.IGNORECASE)


def _shown(value, key):
    if not isinstance(value, str):
        return key
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    if key == "run":
        lines = [line for line in lines if _CHECKOUT_LINE.search(line)] or lines
    return lines[0][:80] if lines else key


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
        # A maintainer approval (author association, a permission-check job, a label, an
        # environment's reviewers) narrows who can start the job: medium when the checkout
        # takes the approved commit (a SHA from the event), high when it follows a ref the
        # author can still push to after the approval (time of check, time of use).
        gate = restricted_by(subject.context, subject.node, step)
        fixed = _IMMUTABLE.search(_shown(container.get(key), key))  # the checkout line
        exposure = ""
        if gate:
            exposure = (f" (lowered: {gate}, and the checkout takes the commit that was"
                        " approved)" if fixed else
                        f" (lowered: {gate}; but the checkout follows a ref the author can"
                        " move after the approval)")
        yield Hit(container, key, attr=f"steps[{i}].{key}",
                  severity=("medium" if fixed else "high") if gate else None,
                  values={"value": _shown(container.get(key), key), "trigger": " / ".join(trig),
                          "runner": _runner(later[0]) if later else "the same script",
                          "exposure": exposure})
        return

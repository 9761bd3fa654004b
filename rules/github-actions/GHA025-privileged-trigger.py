"""Workflows triggered by pull_request_target, workflow_run or issue_comment."""

from linter.kinds.github_actions.model import CHECKOUT_TRIGGERS, mapping, on_key, parse_uses
from linter.model import Hit

# Actions made for pull_request_target that never run the pull request's code.
SAFE_ACTIONS = {"actions/labeler", "actions/first-interaction", "actions/stale"}


def _only_safe_steps(root):
    jobs = [j for j in mapping(root.get("jobs")).values() if isinstance(j, dict)]
    if not jobs:
        return False
    for job in jobs:
        steps = job.get("steps")
        if "uses" in job or not isinstance(steps, list) or not steps:
            return False
        for step in steps:
            uses = parse_uses(step.get("uses")) if isinstance(step, dict) else None
            if uses is None or not uses.is_action(*SAFE_ACTIONS):
                return False
    return True


def check(subject, params):
    root = subject.node
    found = sorted(CHECKOUT_TRIGGERS & set(subject.context.get("triggers", {})))
    if not found:
        return
    if _only_safe_steps(root):
        return
    key = on_key(root)
    on = root.get(key)
    if isinstance(on, dict):
        for trigger in found:
            yield Hit(on, trigger, attr=f"on.{trigger}", values={"value": trigger})
    else:
        yield Hit(root, key, attr="on", values={"value": " and ".join(found)})

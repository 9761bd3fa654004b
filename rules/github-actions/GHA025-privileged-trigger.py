"""Workflows triggered by pull_request_target or workflow_run."""

from linter.kinds.gha_model import TARGET_TRIGGERS, on_key
from linter.model import Hit


def check(subject, params):
    root = subject.node
    found = sorted(TARGET_TRIGGERS & set(subject.context.get("triggers", {})))
    if not found:
        return
    key = on_key(root)
    on = root.get(key)
    if isinstance(on, dict) and found[0] in on:
        yield Hit(on, found[0], attr=f"on.{found[0]}", values={"value": " and ".join(found)})
    else:
        yield Hit(root, key, attr="on", values={"value": " and ".join(found)})

"""Workflow-level write scopes when the workflow has an outsider-fired trigger."""

from linter.kinds.gha_model import PRIVILEGED_TRIGGERS, mapping
from linter.model import Hit


def check(subject, params):
    trig = sorted(PRIVILEGED_TRIGGERS & set(subject.context.get("triggers", {})))
    if not trig:
        return
    perms = mapping(subject.node.get("permissions"))
    for scope, level in perms.items():
        if level == "write":
            yield Hit(perms, scope, attr=f"permissions.{scope}",
                      values={"scope": scope, "trigger": ", ".join(trig)})

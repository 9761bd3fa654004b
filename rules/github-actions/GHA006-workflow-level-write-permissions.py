"""Workflow-level write scopes in workflows with several jobs."""

from linter.kinds.github_actions.model import PRIVILEGED_TRIGGERS, mapping
from linter.model import Hit


def check(subject, params):
    if PRIVILEGED_TRIGGERS & set(subject.context.get("triggers", {})):
        return  # reported by GHA005
    jobs = mapping(subject.node.get("jobs"))
    if len(jobs) < 2:
        return
    perms = mapping(subject.node.get("permissions"))
    for scope, level in perms.items():
        if level == "write":
            yield Hit(perms, scope, attr=f"permissions.{scope}",
                      values={"scope": scope, "jobs": len(jobs)})

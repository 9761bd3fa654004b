"""Workflow-level write scopes in workflows with several jobs."""

from linter.kinds.github_actions.model import PRIVILEGED_TRIGGERS, mapping
from linter.model import Hit
from linter.rules import load_sibling


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


def fix(subject, hit, params):
    return load_sibling(__file__, "_permissions.py").writes_to_jobs(subject.node)

"""Workflow-level write scopes when the workflow has an outsider-fired trigger."""

from linter.kinds.github_actions.model import PRIVILEGED_TRIGGERS, mapping
from linter.model import Hit

TRIAGE_SCOPES = {"issues", "pull-requests", "discussions", "statuses", "checks"}


def check(subject, params):
    trig = sorted(PRIVILEGED_TRIGGERS & set(subject.context.get("triggers", {})))
    if not trig:
        return
    single_job = len(mapping(subject.node.get("jobs"))) < 2
    perms = mapping(subject.node.get("permissions"))
    for scope, level in perms.items():
        if single_job and scope in TRIAGE_SCOPES:
            continue  # what a labeler or commenter needs; job level would be the same
        if level == "write":
            yield Hit(perms, scope, attr=f"permissions.{scope}",
                      values={"scope": scope, "trigger": ", ".join(trig)})

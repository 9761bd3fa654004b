"""Jobs that get the default token because nothing sets permissions."""

from linter.kinds.github_actions.model import PRIVILEGED_TRIGGERS, mapping
from linter.model import Hit
from linter.rules import load_sibling


def check(subject, params):
    root = subject.context.get("workflow")
    job = subject.node
    if not isinstance(root, dict) or "permissions" in root or "permissions" in job:
        return
    triggers = set(subject.context.get("triggers", {}))
    if PRIVILEGED_TRIGGERS & triggers:
        return  # reported at medium by GHA032
    # a workflow only ever called by others runs with the permissions its caller grants;
    # its own calls to other reusable workflows still hand on a default token
    if triggers == {"workflow_call"} and "uses" not in job:
        return
    job_id = subject.context.get("job_id")
    yield Hit(mapping(root.get("jobs")), job_id, attr="permissions", values={"job": job_id})


def fix(subject, hit, params):
    return load_sibling(__file__, "_permissions.py").least_privilege(subject.context.get("workflow"))

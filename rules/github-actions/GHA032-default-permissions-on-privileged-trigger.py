"""Jobs without any permissions block in workflows that outsiders trigger."""

from linter.kinds.github_actions.model import PRIVILEGED_TRIGGERS, mapping
from linter.model import Hit
from linter.rules import load_sibling


def check(subject, params):
    root = subject.context.get("workflow")
    job = subject.node
    if not isinstance(root, dict) or "permissions" in root or "permissions" in job:
        return
    trig = sorted(PRIVILEGED_TRIGGERS & set(subject.context.get("triggers", {})))
    if trig:
        job_id = subject.context.get("job_id")
        yield Hit(mapping(root.get("jobs")), job_id, attr="permissions",
                  values={"job": job_id, "trigger": ", ".join(trig)})


def fix(subject, hit, params):
    return load_sibling(__file__, "_permissions.py").least_privilege(subject.context.get("workflow"))

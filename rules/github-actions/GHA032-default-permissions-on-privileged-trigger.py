"""Jobs without any permissions block in workflows that outsiders trigger."""

from linter.kinds.gha_model import PRIVILEGED_TRIGGERS, mapping
from linter.model import Hit


def check(subject, params):
    root = subject.node
    trig = sorted(PRIVILEGED_TRIGGERS & set(subject.context.get("triggers", {})))
    if not trig or "permissions" in root:
        return
    jobs = mapping(root.get("jobs"))
    for job_id, job in jobs.items():
        if isinstance(job, dict) and "permissions" not in job:
            yield Hit(jobs, job_id, attr=f"jobs.{job_id}.permissions",
                      values={"job": job_id, "trigger": ", ".join(trig)})

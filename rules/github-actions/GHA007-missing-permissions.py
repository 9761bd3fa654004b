"""Jobs that get the default token because nothing sets permissions."""

from linter.kinds.gha_model import mapping
from linter.model import Hit


def check(subject, params):
    root = subject.node
    if "permissions" in root:
        return
    jobs = mapping(root.get("jobs"))
    for job_id, job in jobs.items():
        if isinstance(job, dict) and "permissions" not in job:
            yield Hit(jobs, job_id, attr=f"jobs.{job_id}.permissions",
                      values={"job": job_id})

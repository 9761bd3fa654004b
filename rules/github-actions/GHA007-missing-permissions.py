"""Jobs that get the default token because nothing sets permissions."""

from linter.kinds.gha_model import PRIVILEGED_TRIGGERS, mapping
from linter.model import Hit


def check(subject, params):
    root = subject.node
    if "permissions" in root:
        return
    if PRIVILEGED_TRIGGERS & set(subject.context.get("triggers", {})):
        return  # reported at medium by GHA032
    # a workflow only ever called by others runs with the permissions its caller grants;
    # its own calls to other reusable workflows still hand on a default token
    reusable_only = set(subject.context.get("triggers", {})) == {"workflow_call"}
    jobs = mapping(root.get("jobs"))
    for job_id, job in jobs.items():
        if reusable_only and not (isinstance(job, dict) and "uses" in job):
            continue
        if isinstance(job, dict) and "permissions" not in job:
            yield Hit(jobs, job_id, attr=f"jobs.{job_id}.permissions",
                      values={"job": job_id})

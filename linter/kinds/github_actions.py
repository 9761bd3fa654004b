"""GitHub Actions: workflows (`.github/workflows/*.yml`) and actions (`action.yml`).

Levels: `workflow` (the file), `job`, `step` (workflow steps and composite action steps).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from ..model import Document, Subject
from ..parsers import ParseError
from . import Parsed
from ._yaml import read_yaml


def parse(path: str, text: str) -> Parsed:
    docs, problems = read_yaml(path, text, "1.2")
    root = docs[0] if docs else None
    if root is None:
        return Parsed(problems=problems)
    if not isinstance(root, dict):
        raise ParseError("a workflow must be a mapping of keys such as 'on' and 'jobs'", 1, 1)
    is_action = PurePath(path).name.lower() in ("action.yml", "action.yaml")
    doc = Document(path, "github-actions", root, text, meta={"action": is_action})
    return Parsed([doc], problems)


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    for doc in documents:
        root = doc.root
        is_action = doc.meta.get("action", False)
        level_type = "action" if is_action else "workflow"
        yield Subject("github-actions", "workflow", level_type, level_type, root, doc.path,
                      {"workflow": root})
        if is_action:
            runs = root.get("runs") if isinstance(root.get("runs"), dict) else {}
            steps = runs.get("steps") if isinstance(runs.get("steps"), list) else []
            for i, step in enumerate(steps):
                if isinstance(step, dict):
                    yield Subject("github-actions", "step", "step", f"runs.steps[{i}]", step,
                                  doc.path, {"workflow": root, "job": None, "action": root})
            continue
        jobs = root.get("jobs") if isinstance(root.get("jobs"), dict) else {}
        for job_id, job in jobs.items():
            if not isinstance(job, dict):
                continue
            ctx = {"workflow": root, "job": job, "job_id": job_id}
            yield Subject("github-actions", "job", "job", f"jobs.{job_id}", job, doc.path, ctx)
            steps = job.get("steps") if isinstance(job.get("steps"), list) else []
            for i, step in enumerate(steps):
                if isinstance(step, dict):
                    yield Subject("github-actions", "step", "step", f"jobs.{job_id}.steps[{i}]",
                                  step, doc.path, ctx)

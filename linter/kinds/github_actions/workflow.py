"""Reading workflows and actions, and turning them into subjects."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import PurePath

from ...model import Document, Subject
from ...parsers import ParseError
from .. import Parsed
from .._yaml import read_yaml
from .calls import caller_triggers, tainted_inputs
from .model import Source, mapping, sequence, triggers

KIND = "github-actions"


def parse(path: str, text: str) -> Parsed:
    docs, problems = read_yaml(path, text, "1.2")
    root = docs[0] if docs else None
    if root is None:
        return Parsed(problems=problems)
    if not isinstance(root, dict):
        raise ParseError("a workflow must be a mapping of keys such as 'on' and 'jobs'", 1, 1)
    is_action = PurePath(path).name.lower() in ("action.yml", "action.yaml") or (
        isinstance(root.get("runs"), dict) and "jobs" not in root)
    doc = Document(path, KIND, root, text, meta={"action": is_action})
    return Parsed([doc], problems)


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    called_with = tainted_inputs(documents)
    called_from = caller_triggers(documents)
    for doc in documents:
        root = doc.root
        is_action = bool(doc.meta.get("action", False))
        base = {"workflow": root, "action": is_action, "source": Source(doc.text),
                "triggers": {} if is_action else triggers(root),
                "tainted_inputs": called_with.get(os.path.normpath(os.path.abspath(doc.path)), {}),
                "caller_triggers": called_from.get(os.path.normpath(os.path.abspath(doc.path)), set()),
                "cache": {}}
        level_type = "action" if is_action else "workflow"
        yield Subject(KIND, "workflow", level_type, level_type, root, doc.path, dict(base))
        if is_action:
            steps = sequence(mapping(root.get("runs")).get("steps"))
            ctx = dict(base, job=None, job_id=None, steps=steps)
            yield from _steps(doc.path, steps, ctx, "runs.steps")
            continue
        for job_id, job in mapping(root.get("jobs")).items():
            if not isinstance(job, dict):
                continue
            steps = sequence(job.get("steps"))
            ctx = dict(base, job=job, job_id=str(job_id), steps=steps, attr=f"jobs.{job_id}")
            yield Subject(KIND, "job", "job", f"jobs.{job_id}", job, doc.path, ctx)
            yield from _steps(doc.path, steps, ctx, f"jobs.{job_id}.steps")


def _steps(path: str, steps: list, ctx: dict, prefix: str) -> Iterator[Subject]:
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        name = f"{prefix}[{_label(step, i)}]"
        if isinstance(step.get("parallel"), list):  # a group of steps run side by side
            yield from _steps(path, step["parallel"], ctx, f"{name}.parallel")
            continue
        yield Subject(KIND, "step", "step", name, step, path,
                      dict(ctx, step=step, step_index=i, attr=name, shell=_shell(step, ctx)))


def _label(step: dict, index: int) -> str:
    """How a step is named in findings and fingerprints: its `id`, else its `name`, else its
    position. Names survive steps being inserted above, so baselines keep matching."""
    for key in ("id", "name"):
        value = step.get(key)
        if isinstance(value, str) and value.strip() and "${{" not in value:
            return value.strip() if key == "id" else '"' + " ".join(value.split()) + '"'
    return str(index)


def _shell(step: dict, ctx: dict) -> str:
    """The shell a `run:` uses: the step's, else `defaults.run.shell` of the job or the
    workflow, else bash (GitHub's default on Linux and macOS runners)."""
    if isinstance(step.get("shell"), str):
        return step["shell"]
    for holder in (ctx.get("job"), ctx.get("workflow")):
        shell = mapping(mapping(mapping(holder).get("defaults")).get("run")).get("shell")
        if isinstance(shell, str):
            return shell
    return "bash"

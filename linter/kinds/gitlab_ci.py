"""GitLab CI pipelines: jobs with `default:` and `extends:` merged as GitLab merges them.

Levels: `pipeline` (the file) and `job` (a visible job, after inheritance). Merged
entries keep the span of the line that wrote them, in whichever file that was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Document, Map, Subject
from ..parsers import ParseError
from . import Parsed
from ._yaml import read_yaml

GLOBAL_KEYWORDS = {"default", "include", "stages", "variables", "workflow", "image",
                   "services", "cache", "before_script", "after_script", "spec"}
INHERITED_DEFAULTS = ("image", "services", "before_script", "after_script", "cache",
                      "artifacts", "retry", "timeout", "interruptible", "tags", "hooks",
                      "id_tokens")


def parse(path: str, text: str) -> Parsed:
    docs, problems = read_yaml(path, text, "gitlab")
    docs = [d for d in docs if d is not None]
    if not docs:
        return Parsed(problems=problems)
    root = docs[-1]
    if not isinstance(root, dict):
        raise ParseError("a pipeline must be a mapping of jobs and keywords", 1, 1)
    return Parsed([Document(path, "gitlab-ci", root, text)], problems)


def _merge(base: Any, over: Any) -> Any:
    """GitLab's deep merge for `extends`: mappings merge, anything else is replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = Map(span=over.span, file=over.file)
        for src in (base, over):
            for k, v in src.items():
                out[k] = _merge(out[k], v) if k in out else v
                span = src.key_spans.get(k) if isinstance(src, Map) else None
                if span is not None:
                    out.key_spans[k] = span if span.file or not src.file else span._replace(file=src.file)
        return out
    return over


def resolve_job(name: str, jobs: dict, seen: tuple = ()) -> Any:
    job = jobs.get(name)
    if not isinstance(job, dict) or name in seen:
        return job
    parents = job.get("extends")
    if isinstance(parents, str):
        parents = [parents]
    if not isinstance(parents, list):
        return job
    merged: Any = Map(span=job.span, file=job.file)
    for parent in parents:
        resolved = resolve_job(str(parent), jobs, seen + (name,))
        if isinstance(resolved, dict):
            merged = _merge(merged, resolved)
    return _merge(merged, job)


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    for doc in documents:
        root = doc.root
        yield Subject("gitlab-ci", "pipeline", "pipeline", "pipeline", root, doc.path,
                      {"pipeline": root})
        default = root.get("default") if isinstance(root.get("default"), dict) else Map()
        for name, job in root.items():
            if name in GLOBAL_KEYWORDS or str(name).startswith(".") or not isinstance(job, dict):
                continue
            merged = resolve_job(name, root)
            if not isinstance(merged, dict):
                continue
            full = Map(span=merged.span, file=merged.file)
            for key in INHERITED_DEFAULTS:
                if key in default and key not in merged:
                    full[key] = default[key]
                    full.key_spans[key] = _with_file(default.key_spans.get(key), default)
                elif key not in default and key in ("image", "services") and key in root and key not in merged:
                    full[key] = root[key]
                    full.key_spans[key] = _with_file(root.key_spans.get(key), root)
            for key, value in merged.items():
                full[key] = value
                full.key_spans[key] = _with_file(merged.key_spans.get(key), merged)
            yield Subject("gitlab-ci", "job", "job", str(name), full, doc.path,
                          {"pipeline": root, "job_name": name})


def _with_file(span, owner):
    if span is None or span.file or not getattr(owner, "file", None):
        return span
    return span._replace(file=owner.file)

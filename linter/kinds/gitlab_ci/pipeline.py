"""Reading pipelines, merging includes and inheritance, and turning jobs into subjects."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Diagnostic, Document, Map, Subject
from ...parsers import ParseError
from .. import Parsed
from .._yaml import read_yaml
from .include import MAX_INCLUDES, ROOT_NAMES, IncludeEntry, include_entries, local_files, repo_root
from .merge import (
    ancestors,
    deep_merge,
    effective_variables,
    resolve_job,
    resolve_references,
    stamp,
    with_defaults,
)
from .script import Sources

KIND = "gitlab-ci"
GLOBAL_KEYWORDS = frozenset({"default", "include", "stages", "variables", "workflow", "image",
                             "services", "cache", "before_script", "after_script", "spec"})


def parse(path: str, text: str) -> Parsed:
    docs, problems = read_yaml(path, text, "gitlab")
    docs = [d for d in docs if d is not None]
    if not docs:
        return Parsed(problems=problems)
    root = docs[-1]  # a `spec:` header document comes first
    if not isinstance(root, dict):
        raise ParseError("a pipeline must be a mapping of jobs and keywords", 1, 1)
    header = docs[0] if len(docs) > 1 and isinstance(docs[0], Map) else None
    if header is not None and "spec" in header and "spec" not in root:
        # kept with the pipeline: input defaults are text written in the file too
        root["spec"] = header["spec"]
        if "spec" in header.key_spans:
            root.key_spans["spec"] = header.key_spans["spec"]
    stamp(root, path)
    return Parsed([Document(path, KIND, root, text)], problems)


@dataclass
class Pipeline:
    path: str
    root: Map
    includes: list[IncludeEntry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # absolute paths of included files
    notes: list[Diagnostic] = field(default_factory=list)
    child: bool = False  # started by a parent's `trigger: include:`


class _Loader:
    """Reads included files once per scan; scanned documents are used as they are."""

    def __init__(self, scanned: dict[str, Document], sources: Sources) -> None:
        self.scanned = scanned
        self.sources = sources
        self.notes: list[Diagnostic] = []
        self.cache: dict[str, Map | None] = {}

    def note(self, path: str, message: str, line: int = 0) -> None:
        self.notes.append(Diagnostic(path, message, line))

    def tree(self, path: Path, shown: str, by: str, line: int) -> Map | None:
        key = os.path.abspath(path)
        if key in self.scanned:
            return self.scanned[key].root
        if key in self.cache:
            return self.cache[key]
        tree = None
        try:
            from ...discovery import read_text

            text = read_text(path)
            docs, _ = read_yaml(shown, text, "gitlab")
            docs = [d for d in docs if d is not None]
            if docs and isinstance(docs[-1], dict):
                tree = docs[-1]
                stamp(tree, shown)
                self.sources.add(shown, text)
            else:
                self.note(by, f"included file {shown} is not a pipeline mapping", line)
        except (OSError, UnicodeDecodeError, ValueError, ParseError) as exc:
            self.note(by, f"included file {shown} cannot be read: {exc}", line)
        self.cache[key] = tree
        return tree

    def build(self, doc_path: str, root: Map) -> Pipeline:
        base = repo_root(Path(os.path.abspath(doc_path)))
        shown_base = _shown_root(doc_path, base)
        pipeline = Pipeline(doc_path, Map())
        self.notes = pipeline.notes
        visited: set[str] = {os.path.abspath(doc_path)}
        pipeline.root = self._expand(doc_path, root, base, shown_base, pipeline, visited)
        pipeline.root = resolve_references(pipeline.root)
        return pipeline

    def children(self, path: str, pipe: Pipeline) -> list[tuple[str, Pipeline]]:
        """Child pipelines a job starts with `trigger: include: <local file>`: each is a
        pipeline of its own (nothing is inherited from the parent). A child file that
        cannot be read is noted on the parent."""
        base = repo_root(Path(os.path.abspath(path)))
        shown_base = _shown_root(path, base)
        out = []
        self.notes = pipe.notes
        for job in pipe.root.values():
            trigger = job.get("trigger") if isinstance(job, dict) else None
            if not isinstance(trigger, dict) or "include" not in trigger:
                continue
            for entry in include_entries(trigger):
                if entry.form != "local" or not isinstance(entry.value, str):
                    continue
                for target in local_files(entry.value, base):
                    shown = _join_shown(shown_base, target.relative_to(base).as_posix())
                    self.notes = pipe.notes
                    tree = self.tree(target, shown, path, _entry_line(entry))
                    if tree is not None:
                        child = self.build(shown, tree)
                        child.child = True
                        out.append((shown, child))
        return out

    def _expand(self, path: str, root: Map, base: Path, shown_base: str, pipeline: Pipeline,
                visited: set[str]) -> Map:
        merged: Any = Map(span=root.span, file=root.file)
        for entry in include_entries(root):
            pipeline.includes.append(entry)
            line = _entry_line(entry)
            if entry.form != "local":
                self.note(path, f"{entry.form} include '{entry.location}' is not read "
                          "(never downloaded): its jobs are unknown", line)
                continue
            if not isinstance(entry.value, str):
                continue
            targets = local_files(entry.value, base)
            if not targets and "$" in entry.value:
                self.note(path, f"local include '{entry.value}' names a variable: its jobs are unknown",
                          line)
            elif not targets:
                self.note(path, f"local include '{entry.value}' not found under {shown_base}", line)
            for target in targets:
                key = os.path.abspath(target)
                if key in visited or len(visited) > MAX_INCLUDES:
                    continue
                visited.add(key)
                pipeline.files.append(key)
                shown = _join_shown(shown_base, target.relative_to(base).as_posix())
                tree = self.tree(target, shown, path, line)
                if tree is not None:
                    sub = self._expand(shown, tree, base, shown_base, pipeline, visited)
                    merged = deep_merge(merged, sub)
        own = Map(span=root.span, file=root.file)
        for k, v in root.items():
            if k != "include":
                own[k] = v
                if k in root.key_spans:
                    own.key_spans[k] = root.key_spans[k]
        return deep_merge(merged, own)


def _entry_line(entry: IncludeEntry) -> int:
    node, key = entry.node, entry.key
    spans = getattr(node, "key_spans", None) if isinstance(node, dict) else None
    if spans is not None:
        sp = spans.get(key)
    else:
        items = getattr(node, "item_spans", [])
        sp = items[key] if isinstance(key, int) and key < len(items) else None
    return sp.line if sp is not None else 0


def _shown_root(doc_path: str, base: Path) -> str:
    """The repository root spelled like the document path (relative stays relative)."""
    doc_dir = os.path.dirname(doc_path) or "."
    rel = os.path.relpath(base, os.path.abspath(doc_dir))
    return os.path.normpath(os.path.join(doc_dir, rel))


def _join_shown(shown_base: str, rel: str) -> str:
    return rel if shown_base in ("", ".") else os.path.join(shown_base, rel)


def is_root_file(path: str) -> bool:
    return Path(path).name.lower() in ROOT_NAMES


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    notes = options.get("notes")
    sources = Sources({d.path: d.text for d in documents})
    scanned = {os.path.abspath(d.path): d for d in documents}
    loader = _Loader(scanned, sources)
    pipelines = {os.path.abspath(d.path): loader.build(d.path, d.root) for d in documents}
    included_by: dict[str, set[str]] = {}
    for key, pipe in pipelines.items():
        for f in pipe.files:
            included_by.setdefault(f, set()).add(key)
    evaluated = [k for k in pipelines if not (included_by.get(k, set()) - {k})]
    covered = {f for k in evaluated for f in pipelines[k].files}
    evaluated += [k for k in pipelines if k not in evaluated and k not in covered]
    once: set = set()  # a file shared by two pipelines (a child pipeline) is reported once
    queue = [(key, scanned[key].path, pipelines[key]) for key in evaluated]
    done = set(evaluated)
    while queue:
        key, path, pipe = queue.pop(0)
        yield from _pipeline_subjects(path, pipe, sources, notes, once)
        children = loader.children(path, pipe)
        if notes is not None:
            notes.extend(pipe.notes)
        for child in children:
            child_key = os.path.abspath(child[0])
            if child_key not in done and len(done) < MAX_INCLUDES:
                done.add(child_key)
                queue.append((child_key, *child))


def _pipeline_subjects(path: str, pipe: Pipeline, sources: Sources,
                       notes: list | None, once: set) -> Iterator[Subject]:
    root = pipe.root
    fragment = not is_root_file(path) and not pipe.child
    base = {"pipeline": root, "includes": pipe.includes, "sources": sources, "once": once,
            "fragment": fragment, "notes": notes}
    variables = root.get("variables") if isinstance(root.get("variables"), dict) else Map()
    yield Subject(KIND, "pipeline", "pipeline", "pipeline", root, path,
                  dict(base, variables=variables))
    jobs = [name for name, job in root.items()
            if isinstance(name, str) and name not in GLOBAL_KEYWORDS and isinstance(job, dict)]
    visible = [n for n in jobs if not n.startswith(".")]
    used: set[str] = set()
    for name in visible:
        used.update(ancestors(name, root))
    # a template library (a fragment with no job of its own): its templates are its content;
    # elsewhere a hidden job nothing extends is a disabled job
    library = fragment and not visible
    templates = [n for n in jobs if n.startswith(".") and n not in used] if library else []
    for name in visible + templates:
        merged = resolve_job(name, root)
        if not isinstance(merged, dict):
            continue
        # a trigger job starts another pipeline: it runs no image or script of its own
        full = merged if "trigger" in merged else with_defaults(merged, root)
        ctx = dict(base, job_name=name, attr=f"jobs.{name}",
                   variables=effective_variables(full, root))
        yield Subject(KIND, "job", "template" if name.startswith(".") else "job", name, full,
                      path, ctx)
    # hidden jobs that never run still hold text in the repository: level `hidden`, for the
    # rules about what is written (credentials), not about what runs
    for name in [n for n in jobs if n.startswith(".") and n not in used and n not in templates]:
        job = root[name]
        ctx = dict(base, job_name=name, attr=f"jobs.{name}",
                   variables=effective_variables(job, root))
        yield Subject(KIND, "hidden", "template", name, job, path, ctx)

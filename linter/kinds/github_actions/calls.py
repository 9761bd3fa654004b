"""Calls between files of one repository: which inputs of a local reusable workflow
(`uses: ./.github/workflows/x.yml`) or local action (`uses: ./.github/actions/x`) some
caller in the scan fills with attacker-controlled data.

A callee's `${{ inputs.title }}` is only as trusted as what its callers pass; following the
calls lets the injection rule see `with: {title: ${{ github.event.issue.title }}}` in one
file flow into `run: echo "${{ inputs.title }}"` in another.
"""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import Any

from ...model import Document
from .expr import context_refs, find_expressions, is_attacker_controlled
from .model import mapping, parse_uses, sequence, triggers


def repository_root(path: str) -> str | None:
    """The folder that holds `.github` for a file under it, else None."""
    parts = PurePath(os.path.abspath(path)).parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == ".github":
            return str(PurePath(*parts[:i])) if i else None
    return None


def _callee_paths(root: str, local: str) -> list[str]:
    target = os.path.normpath(os.path.join(root, local))
    if target.endswith((".yml", ".yaml")):
        return [target]
    return [os.path.join(target, "action.yml"), os.path.join(target, "action.yaml")]


def _origin(value: Any, env: dict) -> str | None:
    """The attacker-controlled context a `with:` value carries, directly or via env."""
    if not isinstance(value, str) or "${{" not in value:
        return None
    for e in find_expressions(value):
        for ref in context_refs(e.body):
            if not ref.flows:
                continue
            if is_attacker_controlled(ref.path):
                return ref.path
            if ref.path.startswith("env.") and ref.path.count(".") == 1:
                name = ref.path.split(".", 1)[1]  # lower-cased; also env['NAME']
                inner = _origin(next((v for k, v in env.items() if str(k).lower() == name), None), {})
                if inner:
                    return inner
    return None


def tainted_inputs(documents: list[Document]) -> dict[str, dict[str, str]]:
    """{callee file (absolute): {input name (lowercase): "context (from caller:line)"}}."""
    out: dict[str, dict[str, str]] = {}
    for doc in documents:
        root = repository_root(doc.path)
        if root is None or not isinstance(doc.root, dict):
            continue
        wf_env = mapping(doc.root.get("env"))
        callers: list[tuple[Any, dict]] = []
        for job in mapping(doc.root.get("jobs")).values():
            if not isinstance(job, dict):
                continue
            job_env = dict(wf_env, **mapping(job.get("env")))
            callers.append((job, job_env))
            for step in sequence(job.get("steps")):
                if isinstance(step, dict):
                    callers.append((step, dict(job_env, **mapping(step.get("env")))))
        for step in sequence(mapping(doc.root.get("runs")).get("steps")):
            if isinstance(step, dict):
                callers.append((step, mapping(step.get("env"))))
        for caller, env in callers:
            uses = parse_uses(caller.get("uses"))
            if uses is None or uses.kind != "local":
                continue
            with_ = mapping(caller.get("with"))
            for name, value in with_.items():
                origin = _origin(value, env)
                if not origin:
                    continue
                span = with_.key_spans.get(name)
                where = f"{os.path.basename(doc.path)}:{span.line}" if span else doc.path
                for callee in _callee_paths(root, uses.path):
                    out.setdefault(callee, {})[str(name).lower()] = f"{origin} passed at {where}"
    return out


def caller_triggers(documents: list[Document]) -> dict[str, set[str]]:
    """{callee file (absolute): triggers of the workflows in the scan that call it}: a
    reusable workflow or a local action runs with its callers' triggers and privileges."""
    out: dict[str, set[str]] = {}
    for doc in documents:
        root = repository_root(doc.path)
        if root is None or not isinstance(doc.root, dict) or "jobs" not in doc.root:
            continue
        events = set(triggers(doc.root)) - {"workflow_call"}
        if not events:
            continue
        for job in mapping(doc.root.get("jobs")).values():
            if not isinstance(job, dict):
                continue
            for caller in [job, *(s for s in sequence(job.get("steps")) if isinstance(s, dict))]:
                uses = parse_uses(caller.get("uses"))
                if uses is not None and uses.kind == "local":
                    for callee in _callee_paths(root, uses.path):
                        out.setdefault(callee, set()).update(events)
    return out

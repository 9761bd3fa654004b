"""Writes to GITHUB_ENV / GITHUB_PATH of attacker data, or of any non-constant value in a
pull_request_target / workflow_run workflow."""

import re

from linter.kinds.github_actions.exposure import exposure
from linter.kinds.github_actions.expr import context_refs, find_expressions, is_attacker_controlled
from linter.kinds.github_actions.model import TARGET_TRIGGERS
from linter.kinds.github_actions.scripts import (
    line_spans,
    tainted_env,
    tainted_matrix,
    tainted_need,
    tainted_output,
)
from linter.model import Hit

_WRITE = re.compile(r"(GITHUB_ENV|GITHUB_PATH)\b")
_SINK = re.compile(r"(?:>>?|\bOut-File\b|\bAdd-Content\b|\bSet-Content\b|\btee\b)[^\n]*?"
                   r"[$%]\{?(?:env:)?(GITHUB_ENV|GITHUB_PATH)\b", re.IGNORECASE)
_ARTIFACT = re.compile(r"\bcat\b|<\s*\S|\$\(\s*<|\bunzip\b|Get-Content", re.IGNORECASE)
_VAR = re.compile(r"\$\{?(?:env:)?([A-Za-z_][A-Za-z0-9_]*)")


_GROUP_OPEN = re.compile(r"^\s*[{(]\s*$")
_GROUP_CLOSE = re.compile(r"^\s*[})]\s*$")
_ASSIGN = re.compile(r"^\s*(?:export\s+|local\s+|declare\s+(?:-\S+\s+)*)?\$?(?:env:)?"
                     r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def _carried(ref, ctx):
    """The attacker data a step output, job output or matrix value holds, if any."""
    parts = ref.text.split(".")
    if ref.path.startswith("steps.") and len(parts) == 4 and parts[2] == "outputs":
        return tainted_output(ctx, parts[1], parts[3])
    if ref.path.startswith("needs.") and len(parts) == 4 and parts[2] == "outputs":
        return tainted_need(ctx, parts[1], parts[3])
    if ref.path.startswith("matrix.") and len(parts) == 2:
        return tainted_matrix(ctx, ref.path[7:])
    return None


def _tainted(text, ctx, shell_vars):
    called_with = ctx.get("tainted_inputs") or {}
    for e in find_expressions(text):
        for ref in context_refs(e.body):
            if not ref.flows:
                continue
            if is_attacker_controlled(ref.path):
                return f"'{ref.text}'"
            if ref.path.startswith("inputs.") and ref.path[7:] in called_with:
                return f"'{ref.text}' ({called_with[ref.path[7:]]})"
            origin = _carried(ref, ctx)
            if origin:
                return f"'{ref.text}' (carrying {origin})"
    for m in _VAR.finditer(text):
        name = m.group(1)
        if name in shell_vars:
            return f"${name} ({shell_vars[name]})"
        origin = tainted_env(ctx, name)
        if origin:
            return f"${name} (from {origin})"
    return None


def check(subject, params):
    step = subject.node
    if not isinstance(step.get("run"), str) or not _WRITE.search(step["run"]):
        return
    privileged = bool(TARGET_TRIGGERS & set(subject.context.get("triggers", {})))
    shell_vars = {}  # script variables assigned from attacker data: name -> origin
    group: list[str] | None = None  # lines of an open `{ ...; } >> $GITHUB_ENV` group
    for line, span in line_spans(subject.context.get("source"), step, "run"):
        m = _SINK.search(line)
        if _GROUP_OPEN.match(line):
            group = []
        elif group is not None and not m:
            group.append(line)
        if not m:
            assign = _ASSIGN.match(line)
            if assign:
                origin = _tainted(assign.group(2), subject.context, shell_vars)
                if origin:
                    shell_vars[assign.group(1)] = f"from {origin}"
                else:
                    shell_vars.pop(assign.group(1), None)
            continue
        # only the command whose output is redirected writes the file
        parts = re.split(r"\|\||&&|;|\||\(", line[:m.start()])
        written = parts[-1]
        if not m.group(0).startswith(">") and not written.strip() and len(parts) > 1:
            written = parts[-2]  # `... | tee -a $GITHUB_ENV`, `... | Out-File $env:GITHUB_ENV`
        if group is not None and _GROUP_CLOSE.match(written):
            written = "\n".join(group)  # everything the group prints is written
        group = None
        what = _tainted(written, subject.context, shell_vars)
        if what is None and not m.group(0).startswith(">"):
            # `Add-Content -Path $env:GITHUB_ENV -Value "X=$env:HEAD"`
            what = _tainted(line[m.end():], subject.context, shell_vars)
        if what is None and privileged and _ARTIFACT.search(written):
            what = "file contents in a privileged workflow (artifacts are attacker data)"
        if what is None:
            continue
        seen = exposure(subject.context, step)
        yield Hit(step, "run", attr=f"run[{m.group(1).upper()}]", span=span,
                  severity=seen.severity("high"),
                  values={"what": what, "file": m.group(1).upper(), "exposure": seen.reason()})

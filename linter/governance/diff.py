"""Diff mode: only findings in files, and blocks, that changed since a git revision.

Files: `git diff --name-only REF` plus untracked files. Lines: the `-U0` hunks of each
changed file. A finding stays when its enclosing resource/job (`Finding.scope`) or its own
lines intersect a changed hunk; when the block is not known the finding stays. git runs with
hooks and external diff drivers off and nothing from the repository is executed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_SAFE = ["-c", "core.hooksPath=/dev/null", "-c", "diff.external=", "-c", "core.fsmonitor=false",
         "-c", "core.pager=cat"]


class DiffError(Exception):
    """git is missing, this is not a repository, or REF is unknown (exit code 2)."""


@dataclass
class Changes:
    """Changed files (absolute paths) -> changed line ranges in the current file;
    None means the whole file is new or untracked."""

    files: dict[str, list[tuple[int, int]] | None] = field(default_factory=dict)


def _git(args: list[str], cwd: Path) -> str:
    import subprocess  # only diff mode runs git: every scan imports this module for DiffError

    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k == "GIT_CEILING_DIRECTORIES"}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_OPTIONAL_LOCKS"] = "0"
    try:
        proc = subprocess.run(["git", *_SAFE, *args], cwd=cwd, capture_output=True, text=True,
                              env=env, timeout=120, check=False)
    except FileNotFoundError:
        raise DiffError("--diff-base needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise DiffError("git took too long to answer") from None
    if proc.returncode != 0:
        msg = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        raise DiffError(f"git {args[0]} in {cwd}: {msg}")
    return proc.stdout


def hunks(diff_text: str) -> list[tuple[int, int]]:
    """Changed line ranges of the new file from `git diff -U0` output.
    A pure deletion after line N marks N..N+1 (the lines around the removed text)."""
    ranges = []
    for line in diff_text.splitlines():
        m = _HUNK.match(line)
        if not m:
            continue
        start = int(m.group(1))
        count = int(m.group(2)) if m.group(2) is not None else 1
        if count == 0:
            ranges.append((max(1, start), start + 1))
        else:
            ranges.append((start, start + count - 1))
    return ranges


def _by_file(diff_text: str) -> dict[str, str]:
    """Split a whole `git diff` into per-file texts keyed by the new path."""
    sections: dict[str, str] = {}
    current: list[str] = []
    name = None
    for line in diff_text.splitlines():
        if line.startswith("diff --git "):
            if name is not None:
                sections[name] = "\n".join(current)
            current, name = [], None
        elif line.startswith("+++ b/") and name is None:
            name = line[6:]
        current.append(line)
    if name is not None:
        sections[name] = "\n".join(current)
    return sections


def repositories(targets: list[str]) -> list[Path]:
    """The folders git runs in: each scanned folder (a file's folder), or the current
    directory for standard input. Their repositories are found by git itself."""
    folders: list[Path] = []
    for t in targets:
        if t == "-":
            folders.append(Path.cwd())
            continue
        path = Path(t).resolve()
        folders.append(path if path.is_dir() else path.parent)
    return list(dict.fromkeys(folders)) or [Path.cwd()]


def changes_in(ref: str, targets: list[str]) -> Changes:
    """What changed since REF in the repositories holding the scanned paths."""
    out = Changes()
    roots: set[Path] = set()
    for folder in repositories(targets):
        if not folder.is_dir():
            continue
        root = Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
        if root not in roots:
            roots.add(root)
            out.files.update(changes(ref, root).files)
    return out


def changes(ref: str, cwd: Path | None = None) -> Changes:
    cwd = cwd or Path.cwd()
    if ref.startswith("-"):
        raise DiffError(f"--diff-base {ref!r}: not a revision")
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    try:
        _git(["rev-parse", "--verify", "--quiet", ref + "^{commit}"], root)
    except DiffError:
        raise DiffError(
            f"--diff-base {ref!r}: no commit by that name in the repository {root} "
            "(fetch it first, e.g. `git fetch origin main`, and in CI clone with enough "
            "history: fetch-depth: 0 / GIT_DEPTH: 0)") from None
    out = Changes()
    names = _git(["diff", "--no-renames", "--no-ext-diff", "--name-only", "-z", ref, "--"], root)
    wanted = [n for n in filter(None, names.split("\0")) if (root / n).exists()]
    if wanted:
        whole = _git(["-c", "core.quotePath=false", "diff", "--no-renames", "--no-ext-diff",
                      "--no-color", "--no-textconv", "-U0", ref, "--"], root)
        sections = _by_file(whole)
        for name in wanted:
            text = sections.get(name)
            if text is None:  # an unusual name that git quotes: ask for that file alone
                text = _git(["diff", "--no-ext-diff", "--no-color", "--no-textconv", "-U0", ref,
                             "--", name], root)
            out.files[str((root / name).resolve())] = hunks(text)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    for name in filter(None, untracked.split("\0")):
        out.files[str((root / name).resolve())] = None
    return out


def keep(finding: Finding, changed: Changes) -> bool:
    if finding.path.startswith("<"):
        return True
    ranges = changed.files.get(str(Path(finding.path).resolve()), "absent")
    if ranges == "absent":
        return False
    if ranges is None or finding.scope is None:
        return True  # a new file, or a finding whose block is not known: keep it
    spans = [(finding.location.line, finding.location.end_line), finding.scope]
    return any(a <= end and start <= b for start, end in spans for a, b in ranges)


def filter_findings(findings: list[Finding], changed: Changes) -> list[Finding]:
    return [f for f in findings if keep(f, changed)]

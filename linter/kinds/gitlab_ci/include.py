"""`include:` of a GitLab pipeline: which entries it has, and the local files they name.

Local files are read from disk relative to the repository root (the nearest folder
holding `.gitlab-ci.yml` or `.git`), never from outside it and never through a symlink
that leaves it. Remote, project, template and component includes are never fetched:
their content is unknown, and a note says so.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT_NAMES = (".gitlab-ci.yml", ".gitlab-ci.yaml")
MAX_INCLUDES = 150


@dataclass
class IncludeEntry:
    """One `include:` item: `form` is local | remote | project | template | component;
    `node`/`key` locate it (the item of the include list, or the `include` key)."""

    form: str
    value: Any
    node: Any
    key: Any
    spec: dict

    @property
    def location(self) -> str:
        return str(self.value)


def include_entries(root: dict) -> Iterator[IncludeEntry]:
    """The items of `root['include']` in the four shapes GitLab accepts."""
    if "include" not in root:
        return
    value = root["include"]
    if isinstance(value, list):
        for i, item in enumerate(value):
            entry = _entry(item, value, i)
            if entry is not None:
                yield entry
    else:
        entry = _entry(value, root, "include")
        if entry is not None:
            yield entry


def _entry(item: Any, node: Any, key: Any) -> IncludeEntry | None:
    if isinstance(item, str):
        form = "remote" if re.match(r"^https?://", item) else "local"
        return IncludeEntry(form, item, node, key, {form: item})
    if isinstance(item, dict):
        for form in ("local", "remote", "project", "template", "component"):
            if form in item:
                return IncludeEntry(form, item[form], node, key, item)
    return None


def repo_root(path: Path) -> Path:
    """The folder whose `.gitlab-ci.yml` (or `.git`) is nearest above `path`."""
    start = path.parent
    if path.name in ROOT_NAMES:
        return start
    for folder in (start, *start.parents):
        try:
            if any((folder / n).is_file() for n in ROOT_NAMES) or (folder / ".git").exists():
                return folder
        except OSError:
            break
    return start


def local_files(pattern: str, root: Path) -> list[Path]:
    """Files a `local:` include names: a path from the repository root, with GitLab's
    `*` and `**` wildcards. Everything returned lies inside `root`."""
    rel = pattern.strip().lstrip("/")
    if not rel or "$" in rel:
        return []
    real_root = root.resolve()
    if any(ch in rel for ch in "*?["):
        regex = _glob_regex(rel)
        found = []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if d not in (".git", "node_modules"))
            for fname in sorted(filenames):
                full = Path(dirpath) / fname
                relpath = full.relative_to(root).as_posix()
                if regex.fullmatch(relpath) and _inside(full, real_root):
                    found.append(full)
        return found
    full = root / rel
    try:
        if full.is_file() and _inside(full, real_root):
            return [full]
    except (OSError, ValueError):  # a name too long for the OS, a NUL byte: no such file
        return []
    return []


def _glob_regex(pattern: str) -> re.Pattern:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
        return True
    except (ValueError, OSError):
        return False

"""Report paths: relative to the repository root (the folder holding `.git`), else the
current directory, with `/` separators, so CI systems can link findings to files."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def source_root() -> Path:
    """The enclosing git work tree, found without running git; else the current directory."""
    return _root_of(Path.cwd().resolve())


@lru_cache(maxsize=8)
def _root_of(here: Path) -> Path:
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def repo_path(display_path: str, root: Path | None = None) -> str:
    """`display_path` (relative to cwd) as seen from the source root."""
    if display_path.startswith("<"):
        return display_path.strip("<>")
    rel = os.path.relpath(os.path.abspath(display_path), root or source_root())
    rel = rel.replace(os.sep, "/")
    return os.path.abspath(display_path).replace(os.sep, "/") if rel.startswith("../") else rel

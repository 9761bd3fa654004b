"""Paths as users read them: relative to the current directory, with `/` separators.

Below the engine and the kinds so that both can name files the same way.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def display_path(path: str | Path) -> str:
    """Relative to the current directory, with `/` separators."""
    text = str(path)
    if text.startswith("<"):
        return text
    return _relative(text, os.getcwd())


@lru_cache(maxsize=65536)
def _relative(text: str, cwd: str) -> str:
    absolute = os.path.normpath(os.path.join(cwd, text))
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:
        rel = absolute
    return rel.replace(os.sep, "/")

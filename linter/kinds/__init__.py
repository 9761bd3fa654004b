"""File kinds. Each kind is a module `linter.kinds.<kind>` with two functions:

    parse(path: str, text: str) -> Parsed
        the file's documents (raise `linter.parsers.ParseError` for a broken file)
    subjects(documents: list[Document], options: dict) -> Iterator[Subject]
        the things rules talk about, over every document of that kind in the scan

Modules are imported only when a file of their kind is scanned.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

from ..model import Document

KINDS = ("terraform", "kubernetes", "github-actions", "gitlab-ci")


@dataclass
class Problem:
    """Something the parser noticed that is not fatal, e.g. a duplicate YAML key."""

    rule_id: str
    message: str
    line: int
    column: int = 1
    attr: str = ""


@dataclass
class Parsed:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def kind_module(kind: str) -> ModuleType:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return importlib.import_module(f"{__name__}.{kind.replace('-', '_')}")

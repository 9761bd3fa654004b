"""Reporters: one module per output format, each a `render(result, settings) -> str`
over the same findings. They know nothing about parsers or rules beyond metadata."""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Severity, UsageError

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "html")


@dataclass
class ReportSettings:
    fail_on: Severity = Severity.HIGH
    color: bool = False
    show_unknown: bool = False
    show_waived: bool = False
    verbose: bool = False
    tool_version: str = ""
    today: datetime.date | None = None  # the day waivers' expiry is judged against


def renderer(fmt: str) -> Callable:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.{fmt}_report").render

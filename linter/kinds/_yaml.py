"""Shared YAML reading for the YAML-based kinds: positions, duplicates, errors."""

from __future__ import annotations

import re
from typing import Any

from ..parsers import ParseError, TemplateError
from ..parsers.yamlpos import YamlError, load_all
from . import Problem

_TEMPLATE = re.compile(r"(?<!\$)\{\{")


def read_yaml(path: str, text: str, dialect: str) -> tuple[list[Any], list[Problem]]:
    """All documents of a YAML file plus a problem per duplicate key."""
    try:
        result = load_all(text, dialect, file_name=path)
    except YamlError as exc:
        # Only manifests are rendered from templates; a workflow or pipeline that does not
        # parse is broken (and `${{ }}` is GitHub Actions syntax, not a placeholder).
        if dialect == "1.1" and _TEMPLATE.search(text):
            raise TemplateError("template placeholders ({{ ... }}) make this file not plain YAML; "
                                "scan the rendered output instead", exc.line, exc.column) from None
        raise ParseError(exc.message, exc.line, exc.column) from None
    problems = [
        Problem("IAC003", f"duplicate key '{d.key}' (first at line {d.first_line}); "
                f"YAML keeps only the last value", d.line, d.column)
        for d in result.duplicates
    ]
    return result.documents, problems

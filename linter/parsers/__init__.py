"""Parsers: text -> located trees. One module per syntax; no rule knowledge here."""

from __future__ import annotations


class ParseError(Exception):
    """A file that cannot be read as its kind; reported as IAC001 at `line`."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class TemplateError(ParseError):
    """A file that is a template (Helm/Go `{{ }}`), not plain YAML: skipped with a note,
    because its values only exist once rendered."""

"""What both HCL readers (tree-sitter-hcl and python-hcl2) produce besides plain values:
expressions kept as source text, and located errors."""

from __future__ import annotations


class Expr(str):
    """An HCL expression that is not a literal, e.g. `${var.acl}` or `x-${local.n}`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Expr({str.__repr__(self)})"


class HclError(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

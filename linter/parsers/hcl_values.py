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


class Redefined(HclError):
    """An attribute set twice in one body: Terraform rejects the file ("Attribute
    redefined"), so it is a parse error, never the last value kept silently."""

    def __init__(self, name: str, first: int, line: int, column: int) -> None:
        super().__init__(f"attribute {name!r} is already set on line {first} (Terraform "
                         "rejects an attribute defined twice)", line, column)


MAX_INT_DIGITS = 4000


def number(text: str) -> int | float:
    """An integer literal; one too long for Python to read (over 4,300 digits) is read
    as the float it approximates (inf when out of range), never an error."""
    digits = text.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS and digits.isdigit():
        return float(text)
    return int(text)


def check_redefined(seen: dict[str, int], key: str, line: int, column: int) -> None:
    """Raise Redefined when `key` is in `seen` (attribute name -> first line), else note it."""
    if key in seen:
        raise Redefined(key, seen[key], line, column)
    seen[key] = line

"""Terraform fixes as text edits at the spans the parser recorded.

A value is replaced where it is written; a missing attribute or nested block is
inserted before the closing brace of its block, indented like the block's other
attributes. Nothing else in the file is touched, so untouched lines stay byte for byte.
A value written as an expression (a variable, a local, a function call) is not changed
in place: `NotLiteral` names the expression so that the fix can say what to change.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .edits import AddItem, Delete, Edit, FixError, SetValue

_LITERAL = re.compile(r'^(?:"(?:[^"\\$%]|\\.|\$(?!\{)|%(?!\{))*"|-?\d+(?:\.\d+)?|true|false|null)$')
_KEY = re.compile(r'\s*(?:"[^"]*"|[A-Za-z_][\w-]*)\s*=\s*')


class NotLiteral(FixError):
    """The value to change is an expression; `expr` is its text."""

    def __init__(self, expr: str) -> None:
        super().__init__(f"the value is the expression `{expr}`")
        self.expr = expr


def literal(value: Any) -> str:
    """A Python value as an HCL literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value).replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise FixError(f"cannot write {type(value).__name__} as an HCL literal")


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())

    def offset(self, line: int, column: int) -> int:
        """1-based line and column (in characters) to an offset."""
        if not 1 <= line <= len(self.starts):
            raise FixError(f"line {line} is outside the file")
        return self.starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def indent_of(self, line: int) -> str:
        row = self.line_text(line)
        return row[:len(row) - len(row.lstrip(" \t"))]


def value_range(doc: _Text, node: Any, key: str) -> tuple[int, int, str]:
    """(start, end, text) of the value of attribute `key` of block `node`."""
    span = getattr(node, "key_spans", {}).get(key)
    if span is None:
        raise FixError(f"{key} has no position")
    start = doc.offset(span.line, span.column)
    end = doc.offset(span.end_line, span.end_column)
    m = _KEY.match(doc.text, start, end)
    if not m:
        raise FixError(f"{key} is not written as `{key} = value`")
    return m.end(), end, doc.text[m.end():end]


def _block(node: Any) -> Any:
    if isinstance(node, list) and len(node) == 1 and isinstance(node[0], dict):
        return node[0]
    return node


def _unit(doc: _Text) -> str:
    for line in doc.text.splitlines():
        if line[:1] in (" ", "\t") and line.strip():
            return line[:len(line) - len(line.lstrip(" \t"))]
    return "  "


def _body(path: tuple, value: Any, indent: str, unit: str) -> str:
    """Lines for `path = value`, nesting blocks for all but the last key."""
    if len(path) == 1:
        return f"{indent}{path[0]} = {literal(value)}\n"
    return (f"{indent}{path[0]} {{\n" + _body(path[1:], value, indent + unit, unit)
            + f"{indent}}}\n")


def _is_block(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, dict) and getattr(v, "tag", None) is not None for v in value)


def _aligned(line: str, indent: str, key: str) -> str:
    """`key =` padded to the `=` column of the attribute line above it (terraform fmt
    aligns consecutive attributes); unpadded when it is longer."""
    m = re.match(r"^(\s*)([^\s=]+)(\s*)=", line)
    if m and m.group(1) == indent and len(key) <= len(m.group(2)) + len(m.group(3)) - 1:
        return key.ljust(len(m.group(2)) + len(m.group(3)) - 1)
    return key


def _insertion(doc: _Text, node: Any, path: tuple, value: Any) -> tuple[int, int, str]:
    """A new attribute goes after the block's last attribute (or first, when the block
    has none); a new nested block goes last, before the closing brace."""
    span = getattr(node, "span", None)
    if span is None or not isinstance(node, dict):
        raise FixError("the block to extend has no position")
    close = doc.offset(span.end_line, span.end_column) - 1
    if doc.text[close:close + 1] != "}":
        raise FixError("the block does not end with `}` where expected")
    line_start = doc.starts[span.end_line - 1]
    if doc.text[line_start:close].strip() or span.end_line == span.line:
        raise FixError("the block is written on one line")
    unit = _unit(doc)
    spans = {k: s for k, s in getattr(node, "key_spans", {}).items()
             if s is not None and span.line < s.line <= span.end_line}
    if spans:
        indent = doc.indent_of(min(spans.values(), key=lambda s: s.line).line)
    else:
        indent = doc.indent_of(span.line) + unit
    if len(path) > 1:
        return line_start, line_start, _body(path, value, indent, unit)
    attrs = [s for k, s in spans.items() if not _is_block(node.get(k))]
    after = max((s.end_line for s in attrs), default=span.line)
    if after >= span.end_line:
        raise FixError("no line to insert the attribute after")
    at = doc.starts[after]
    key = _aligned(doc.line_text(after), indent, path[0]) if attrs else path[0]
    return at, at, f"{indent}{key} = {literal(value)}\n"


def _set(doc: _Text, edit: SetValue) -> tuple[int, int, str]:
    node = _block(edit.node)
    path = edit.path
    for i, key in enumerate(path[:-1]):
        if not isinstance(node, dict):
            raise FixError(f"{key} is not a block")
        child = node.get(key)
        if child is None:
            return _insertion(doc, node, path[i:], edit.value)
        child = _block(child)
        if not isinstance(child, dict) or getattr(child, "tag", None) is None:
            raise FixError(f"{key} is not a nested block written once")
        node = child
    key = path[-1]
    if not isinstance(node, dict):
        raise FixError(f"{key}: not a block")
    if key not in node or node.key_spans.get(key) is None:
        if key in node:
            raise FixError(f"{key} is not written in this block")
        return _insertion(doc, node, (key,), edit.value)
    start, end, text = value_range(doc, node, key)
    if not _LITERAL.match(text.strip()):
        raise NotLiteral(text.strip())
    return start, end, literal(edit.value)


def _delete(doc: _Text, edit: Delete) -> tuple[int, int, str]:
    node = _block(edit.node)
    if isinstance(node, dict) and isinstance(node.get(edit.key), (dict, list)):
        raise FixError("a fix only removes single values, never a whole block")
    span = getattr(node, "key_spans", {}).get(edit.key) if isinstance(node, dict) else None
    if span is None:
        raise FixError(f"{edit.key} has no position")
    first = doc.line_text(span.line)
    if first[:span.column - 1].strip():
        raise FixError(f"{edit.key} shares its line with something else")
    end = doc.offset(span.end_line, span.end_column)
    rest = doc.text[end:doc.starts[span.end_line] if span.end_line < len(doc.starts) else len(doc.text)]
    if rest.strip() and not rest.strip().startswith(("#", "//")):
        raise FixError(f"{edit.key} shares its line with something else")
    stop = doc.starts[span.end_line] if span.end_line < len(doc.starts) else len(doc.text)
    return doc.starts[span.line - 1], stop, ""


def apply_hcl(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` made at their spans (all computed on the original text)."""
    doc = _Text(text)
    changes: list[tuple[int, int, str]] = []
    for edit in edits:
        if isinstance(edit, SetValue):
            change = _set(doc, edit)
        elif isinstance(edit, Delete):
            change = _delete(doc, edit)
        elif isinstance(edit, AddItem):
            raise FixError("adding list items is not supported in Terraform files")
        else:  # pragma: no cover
            raise FixError(f"unknown edit {edit!r}")
        if change in changes:
            continue
        changes.append(change)
    changes.sort()
    for (_, end, _), (start, _, _) in zip(changes, changes[1:]):
        if start < end:
            raise FixError("two fixes change the same text")
    out = text
    for start, end, new in sorted(changes, key=lambda c: (c[0], c[1]), reverse=True):
        out = out[:start] + new + out[end:]
    return out

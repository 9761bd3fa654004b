"""HCL expressions as small syntax trees: a tokenizer and a recursive-descent parser.

python-hcl2 hands expressions over as source text (`${var.x}`, `pre-${local.n}`); this
turns that text into tuples the evaluator walks. What the grammar here does not cover
raises `ExprError`, and the evaluator makes the value unknown: never a guess.

Nodes: ("lit", v) ("tmpl", parts) ("name", id) ("attr", n, id) ("index", n, k)
("splat", n, ops) ("call", fn, args, expand) ("tuple", items) ("object", pairs)
("unop", op, n) ("binop", op, l, r) ("cond", c, a, b)
("for", kvar, vvar, coll, kexpr, vexpr, cond, is_object, group)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


class ExprError(Exception):
    pass


_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*|//[^\n]*|/\*.*?\*/)
  | (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<op>\.\.\.|==|!=|<=|>=|&&|\|\||=>|[-+*/%<>!?:.,()\[\]{}=])
  | (?P<str>")
""", re.VERBOSE | re.DOTALL)


def _read_string(text: str, pos: int) -> tuple[list, int]:
    """A quoted template starting after its opening quote: (parts, position after)."""
    parts: list = []
    buf: list[str] = []
    i = pos
    while i < len(text):
        ch = text[i]
        if ch == '"':
            if buf:
                parts.append("".join(buf))
            return parts, i + 1
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            width = {"u": 4, "U": 8}.get(nxt, 0)
            code = text[i + 2:i + 2 + width]
            if width and len(code) == width and all(c in "0123456789abcdefABCDEF" for c in code):
                buf.append(chr(int(code, 16)))
                i += 2 + width
                continue
            buf.append({"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
            continue
        if text.startswith("$${", i) or text.startswith("%%{", i):
            buf.append(text[i + 1:i + 3])
            i += 3
            continue
        if text.startswith("%{", i):
            raise ExprError("template directives are not evaluated")
        if text.startswith("${", i):
            if buf:
                parts.append("".join(buf))
                buf = []
            end = _matching_brace(text, i + 2)
            inner = text[i + 2:end].strip().lstrip("~").rstrip("~")
            parts.append(parse(inner))
            i = end + 1
            continue
        buf.append(ch)
        i += 1
    raise ExprError("unterminated string")


def _matching_brace(text: str, pos: int) -> int:
    """Index of the `}` closing an interpolation (or object) that starts at `pos`;
    strings inside it, with their own interpolations, are skipped whole."""
    depth = 0
    i = pos
    while i < len(text):
        ch = text[i]
        if ch == '"':
            i = _skip_string(text, i + 1)
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise ExprError("unterminated interpolation")


def _skip_string(text: str, i: int) -> int:
    """Index just after the quoted string whose text starts at `i`."""
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"':
            return i + 1
        elif text.startswith("$${", i) or text.startswith("%%{", i):
            i += 3
        elif text.startswith("${", i) or text.startswith("%{", i):
            i = _matching_brace(text, i + 2) + 1
        else:
            i += 1
    raise ExprError("unterminated string")


def tokenize(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExprError(f"unexpected character {text[pos]!r}")
        kind = m.lastgroup
        if kind == "ws":
            pos = m.end()
            continue
        if kind == "str":
            parts, pos = _read_string(text, m.end())
            tokens.append(("str", parts))
            continue
        value = m.group(kind)
        if kind == "num":
            tokens.append(("num", float(value) if any(c in value for c in ".eE") else int(value)))
        else:
            tokens.append((kind, value))
        pos = m.end()
    tokens.append(("end", None))
    return tokens


_BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self, offset: int = 0) -> tuple[str, Any]:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self) -> tuple[str, Any]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def is_op(self, *ops: str) -> bool:
        kind, value = self.peek()
        return kind == "op" and value in ops

    def expect(self, op: str) -> None:
        kind, value = self.take()
        if kind != "op" or value != op:
            raise ExprError(f"expected {op!r}, found {value!r}")

    def expression(self) -> tuple:
        cond = self.binary(0)
        if self.is_op("?"):
            self.take()
            yes = self.expression()
            self.expect(":")
            no = self.expression()
            return ("cond", cond, yes, no)
        return cond

    def binary(self, level: int) -> tuple:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.is_op(*_BINARY[level]):
            op = self.take()[1]
            right = self.binary(level + 1)
            left = ("binop", op, left, right)
        return left

    def unary(self) -> tuple:
        if self.is_op("!", "-"):
            op = self.take()[1]
            return ("unop", op, self.unary())
        return self.postfix(self.primary())

    def postfix(self, node: tuple) -> tuple:
        while True:
            if self.is_op("."):
                self.take()
                kind, value = self.take()
                if kind == "ident":
                    node = ("attr", node, value)
                elif kind == "num":
                    node = ("index", node, ("lit", value))
                elif kind == "op" and value == "*":
                    node = ("splat", node, self.splat_ops(dots_only=True))
                else:
                    raise ExprError(f"unexpected {value!r} after '.'")
            elif self.is_op("["):
                self.take()
                if self.is_op("*"):
                    self.take()
                    self.expect("]")
                    node = ("splat", node, self.splat_ops(dots_only=False))
                else:
                    key = self.expression()
                    self.expect("]")
                    node = ("index", node, key)
            else:
                return node

    def splat_ops(self, dots_only: bool) -> list:
        ops = []
        while self.is_op(".") and self.peek(1)[0] == "ident" or (not dots_only and self.is_op("[")):
            if self.is_op("."):
                self.take()
                ops.append(("attr", self.take()[1]))
            elif self.peek(1) == ("op", "*"):
                self.take()
                self.take()
                self.expect("]")
                ops.append(("splat",))  # a nested splat: the rest applies per element
            else:
                self.take()
                key = self.expression()
                self.expect("]")
                ops.append(("index", key))
        return ops

    def primary(self) -> tuple:
        kind, value = self.take()
        if kind == "num":
            return ("lit", value)
        if kind == "str":
            return _template(value)
        if kind == "ident":
            if value in ("true", "false"):
                return ("lit", value == "true")
            if value == "null":
                return ("lit", None)
            if self.is_op("("):
                return self.call(value)
            if self.is_op(":") and self.peek(1) == ("op", ":"):
                raise ExprError("provider functions are not evaluated")
            return ("name", value)
        if kind == "op" and value == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if kind == "op" and value == "[":
            return self.tuple_or_for()
        if kind == "op" and value == "{":
            return self.object_or_for()
        raise ExprError(f"unexpected {value!r}")

    def call(self, name: str) -> tuple:
        self.expect("(")
        args = []
        expand = False
        while not self.is_op(")"):
            args.append(self.expression())
            if self.is_op("..."):
                self.take()
                expand = True
            if self.is_op(","):
                self.take()
            elif not self.is_op(")"):
                raise ExprError(f"expected ',' or ')' in call to {name}")
        self.take()
        return ("call", name, args, expand)

    def tuple_or_for(self) -> tuple:
        if self.peek() == ("ident", "for"):
            return self.for_expr("]")
        items = []
        while not self.is_op("]"):
            items.append(self.expression())
            if self.is_op(","):
                self.take()
            elif not self.is_op("]"):
                raise ExprError("expected ',' or ']'")
        self.take()
        return ("tuple", items)

    def object_or_for(self) -> tuple:
        if self.peek() == ("ident", "for"):
            return self.for_expr("}")
        pairs = []
        while not self.is_op("}"):
            kind, value = self.peek()
            if kind == "ident" and self.peek(1)[0] == "op" and self.peek(1)[1] in ("=", ":"):
                self.take()
                key: tuple = ("lit", value)
            else:
                key = self.expression()
            if not self.is_op("=", ":"):
                raise ExprError("expected '=' or ':' in object")
            self.take()
            pairs.append((key, self.expression()))
            if self.is_op(","):
                self.take()
        self.take()
        return ("object", pairs)

    def for_expr(self, close: str) -> tuple:
        self.take()  # for
        first = self.take()[1]
        second = None
        if self.is_op(","):
            self.take()
            second = self.take()[1]
        if self.take() != ("ident", "in"):
            raise ExprError("expected 'in' in for expression")
        coll = self.expression()
        self.expect(":")
        key_expr = None
        value_expr = self.expression()
        if close == "}":
            self.expect("=>")
            key_expr, value_expr = value_expr, self.expression()
        group = False
        if self.is_op("..."):
            self.take()
            group = True
        cond = None
        if self.peek() == ("ident", "if"):
            self.take()
            cond = self.expression()
        self.expect(close)
        kvar, vvar = (first, second) if second else (None, first)
        return ("for", kvar, vvar, coll, key_expr, value_expr, cond, close == "}", group)


def _template(parts: list) -> tuple:
    if len(parts) == 1 and not isinstance(parts[0], str):
        return ("tmpl", parts)
    if all(isinstance(p, str) for p in parts):
        return ("lit", "".join(parts))
    return ("tmpl", parts)


@lru_cache(maxsize=8192)
def parse(text: str) -> tuple:
    """Parse one expression (no surrounding `${ }`)."""
    parser = _Parser(tokenize(text))
    node = parser.expression()
    if parser.peek()[0] != "end":
        raise ExprError(f"unexpected {parser.peek()[1]!r} after expression")
    return node


@lru_cache(maxsize=8192)
def parse_template(text: str) -> tuple:
    """Parse an attribute value as python-hcl2 renders it: a string template of literal
    text, `${...}` interpolations and `%{if}`/`%{for}` directives (with `~` strip
    markers). Directives become ("tif", cond, then, else) and ("tfor", key, value,
    collection, body) parts."""
    items: list = []  # literal strings, ("interp", node), ("dir", words)
    buf: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("$${", i) or text.startswith("%%{", i):
            buf.append(text[i + 1:i + 3])
            i += 3
            continue
        if text.startswith("${", i) or text.startswith("%{", i):
            end = _matching_brace(text, i + 2)
            inner = text[i + 2:end]
            left, right = inner.startswith("~"), inner.rstrip().endswith("~")
            inner = inner.strip().strip("~").strip()
            literal = "".join(buf)
            items.append(literal.rstrip() if left else literal)
            buf = []
            items.append(("interp", parse(inner)) if text[i] == "$" else ("dir", inner))
            items.append(("strip",) if right else ("keep",))
            i = end + 1
            continue
        buf.append(text[i])
        i += 1
    items.append("".join(buf))
    flat: list = []
    strip_next = False
    for item in items:
        if isinstance(item, str):
            flat.append(item.lstrip() if strip_next else item)
            strip_next = False
        elif item[0] in ("strip", "keep"):
            strip_next = item[0] == "strip"
        else:
            flat.append(item)
    parts, rest = _directives([p for p in flat if p != ""], 0, ())
    if rest != len([p for p in flat if p != ""]):
        raise ExprError("unbalanced template directives")
    if len(parts) == 1 and not isinstance(parts[0], str) and parts[0][0] not in ("tif", "tfor"):
        return parts[0]
    return _template(parts)


_FOR_DIRECTIVE = re.compile(r"for\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\s+(.+)$",
                            re.DOTALL)


def _directives(items: list, i: int, until: tuple[str, ...]) -> tuple[list, int]:
    """Template parts from items[i:] up to a directive whose first word is in `until`
    (returned index points at it)."""
    parts: list = []
    while i < len(items):
        item = items[i]
        if isinstance(item, str):
            parts.append(item)
            i += 1
            continue
        if item[0] == "interp":
            parts.append(item[1])
            i += 1
            continue
        words = item[1]
        head = words.split(None, 1)[0] if words else ""
        if head in until:
            return parts, i
        if head == "if":
            cond = parse(words[2:].strip())
            then, i = _directives(items, i + 1, ("else", "endif"))
            other: list = []
            if i < len(items) and items[i][1].startswith("else"):
                other, i = _directives(items, i + 1, ("endif",))
            if i >= len(items):
                raise ExprError("%{if} without %{endif}")
            parts.append(("tif", cond, then, other))
            i += 1
            continue
        if head == "for":
            m = _FOR_DIRECTIVE.match(words)
            if not m:
                raise ExprError("unreadable %{for} directive")
            body, i = _directives(items, i + 1, ("endfor",))
            if i >= len(items):
                raise ExprError("%{for} without %{endfor}")
            first, second, coll = m.groups()
            key, value = (first, second) if second else (None, first)
            parts.append(("tfor", key, value, parse(coll.strip()), body))
            i += 1
            continue
        raise ExprError(f"unexpected %{{{head}}}")
    if until:
        raise ExprError(f"missing %{{{until[-1]}}}")
    return parts, i

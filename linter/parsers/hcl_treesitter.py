"""Terraform (HCL2) files as located trees, read with tree-sitter-hcl.

The same trees as `terraform.parse_hcl` builds from python-hcl2, about 10x faster
(benchmarks/bench_hcl_parsers.py): the C parser gives every node's position, and values
are converted here by hand. The
quirks of python-hcl2 that reach the evaluator or the reported spans are kept on
purpose (what becomes a literal or an `Expr`, heredoc trimming, escapes, where a
binary operation or a heredoc ends), so both parsers give identical findings.

Expression text is taken from the source on one line with comments removed: whole
non-literal expressions as `${...}`, quoted templates and heredocs as their inner text.
tree-sitter accepts broken input with ERROR/MISSING nodes, and reads new lines as spaces;
any such node, or a new line where HCL ends a statement, makes the whole file an
`HclError`, never a partial tree.
"""

from __future__ import annotations

import bisect
import re
import sys
from typing import Any

from ..model import Map, Seq, Span
from .hcl_values import Expr, HclError, check_redefined, number

_INTERP = re.compile(r"(?<!\$)\$\{|(?<!%)%\{")
_ESCAPED_MARKERS = re.compile(r"(\$\$\{[^}]*\}|%%\{[^}]*\})")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_HEREDOC = re.compile(r"<<-?([a-zA-Z][a-zA-Z0-9._-]*)\r?\n([\s\S]*)\1", re.S)
# python-hcl2 extends a binary operation over the new lines and comments after it
_NL_OR_COMMENT = re.compile(r"\n[ \t]*|#.*\n|//.*\n|/\*(?:.|\n)*?\*/")
_IGNORED = re.compile(r"[ \t\r]*")
_NEWLINE = re.compile("\n")

_parser: Any = None
_missing = False


def _get_parser() -> Any:
    """tree-sitter is imported on first use only: scans without Terraform never pay."""
    global _parser
    if _parser is None:
        import tree_sitter
        import tree_sitter_hcl

        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    return _parser


def available() -> bool:
    """Whether tree-sitter-hcl can be loaded here (asked once per process)."""
    global _missing
    if _parser is None and not _missing:
        try:
            _get_parser()
        except Exception:  # missing module, or a binary built for another ABI
            _missing = True
    return not _missing


def _unescape(text: str) -> str:
    """HCL escapes of a quoted string, resolved as python-hcl2 resolves them."""
    if "\\" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        marker = text[i + 1]
        if marker in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[marker])
            i += 2
            continue
        if marker in "uU":
            width = 4 if marker == "u" else 8
            digits = text[i + 2:i + 2 + width]
            if len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
                code = int(digits, 16)
                if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    out.append(chr(code))
                    i += 2 + width
                    continue
        out.append(ch)
        out.append(marker)
        i += 2
    return "".join(out)


def _literal_text(text: str) -> str:
    """Literal text of a quoted string: escapes resolved, `$${...}` kept as written."""
    if "\\" not in text:
        return text
    parts = _ESCAPED_MARKERS.split(text)
    return "".join(p if i % 2 else _unescape(p) for i, p in enumerate(parts))


def _as_value(text: str) -> Any:
    """A template's text: an `Expr` when it interpolates, else the string it stands for."""
    if _INTERP.search(text):
        return Expr(text)
    return text.replace("$${", "${").replace("%%{", "%{")


_POSTFIX = frozenset(("get_attr", "index", "splat"))
_SAME_LINE_PARTS = frozenset(("get_attr", "new_index", "legacy_index", "full_splat", "attr_splat",
                              "function_call", "unary_operation"))


class _LineBreak(Exception):
    """A new line where HCL ends a statement (tree-sitter-hcl reads new lines as spaces)."""

    def __init__(self, node: Any) -> None:
        super().__init__("unexpected new line")
        self.node = node


def _same_line(first: Any, second: Any) -> None:
    if first.end_point[0] != second.start_point[0]:
        raise _LineBreak(second)


def _check_lines(expr: Any) -> None:
    """New lines inside a multi-line expression where python-hcl2 (and Terraform) reject
    them: before `.name`, `[index]`, a splat or a call's `(`, after a unary operator."""
    stack = [expr]
    while stack:
        node = stack.pop()
        kids = node.children
        kind = node.type
        if kind in ("quoted_template", "heredoc_template"):
            stack.extend(k for k in kids if k.type in ("template_interpolation",
                                                       "template_directive"))
            continue
        if kind == "expression":
            for prev, kid in zip(kids, kids[1:]):
                if kid.type in _POSTFIX and prev.type != "comment":
                    _same_line(prev, kid)
        elif kind in _SAME_LINE_PARTS and len(kids) > 1:
            _same_line(kids[0], kids[1])
        elif kind == "object_elem":
            parts = [k for k in kids if k.type != "comment"]
            _same_line(parts[0], parts[1])
            _same_line(parts[1], parts[2])
        stack.extend(k for k in kids if k.start_point[0] != k.end_point[0])


def _name_and_expression(attribute: Any) -> tuple[Any, Any]:
    """An attribute's name and value, written on one line as HCL requires."""
    kids = attribute.children
    expr = kids[-1]
    if expr.type != "expression":  # a comment inside the attribute
        expr = next(k for k in reversed(kids) if k.type == "expression")
    if attribute.start_point[0] != expr.start_point[0]:
        equals = next(k for k in kids if k.type == "=")
        _same_line(kids[0], equals)
        _same_line(equals, expr)
    if expr.start_point[0] != expr.end_point[0]:
        _check_lines(expr)
    return kids[0], expr


_OPERATORS = frozenset(("==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "&&", "||",
                        "?", ":", "=>", "for_intro"))
_SPACED_PARTS = frozenset(("binary_operation", "conditional", "for_intro", "for_tuple_expr",
                           "for_object_expr"))
_OPERATOR_CHAR = re.compile(rb"[=!<>&|+*/%?:]")
_UNSPACED = re.compile(rb"[^\s!=<>](?:==|!=|&&|\|\||<=|>=|=>)|(?:==|!=|&&|\|\||<=|>=|=>)\S"
                       rb"|\w[+*/%<>?:]|[+*/%<>?:]\w|[)\]}\"][-+*/%<>?:]|[-+*/%<>?:][(\[{\"]")
_DIRECTIVE = re.compile(r"%\{(~?)\s*(.*?)\s*(~?)\}", re.S)
_LOOSE = re.compile(r"[(\[{]\s|\s[)\]},]|\s\s|,\s*[)\]}]|,[^\s)\]}]|\n")
_COMMA_SPACE = re.compile(r",(?=[^\s)\]}])")
_TRAILING_COMMA = re.compile(r",\s*([)\]}])")
_SPACES = re.compile(r"\s+")
_OPENER_SPACE = re.compile(r"([(\[{]) ")
_CLOSER_SPACE = re.compile(r" ([)\]},])")


def _string_end(text: str, start: int) -> int:
    """Index after the quoted string opening at `start` (interpolations may nest strings)."""
    i, n = start + 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == '"':
            return i + 1
        elif ch in "$%" and text.startswith("{", i + 1):
            depth, i = 0, i + 2
            while i < n and not (text[i] == "}" and depth == 0):
                if text[i] == '"':
                    i = _string_end(text, i)
                    continue
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            i += 1
        else:
            i += 1
    return n


def _one_line(source: str) -> str:
    """An expression written the way python-hcl2 writes it back, on one line: one space
    between tokens and after commas, none inside brackets or before a comma, no trailing
    comma. Strings are kept as written."""
    if not _LOOSE.search(source):
        return source
    if '"' not in source:
        source = _TRAILING_COMMA.sub(r"\1", source)
        source = _SPACES.sub(" ", _COMMA_SPACE.sub(", ", source))
        return _CLOSER_SPACE.sub(r"\1", _OPENER_SPACE.sub(r"\1", source))
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == '"':
            end = _string_end(source, i)
            out.append(source[i:end])
            i = end
        elif ch in " \t\r\n":
            j = i
            while j < n and source[j] in " \t\r\n":
                j += 1
            before = out[-1][-1:] if out else ""
            if before and before not in "([{" and j < n and source[j] not in ")]},":
                out.append(" ")
            i = j
        elif ch == ",":
            j = i + 1
            while j < n and source[j] in " \t\r\n":
                j += 1
            if j >= n or source[j] not in ")]}":
                out.append(", " if j == i + 1 and j < n else ",")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _heredoc_text(raw: str) -> str:
    """A heredoc's value as python-hcl2 gives it: closing line and last new line
    dropped; `<<-` also removes the indentation common to its non-blank lines."""
    match = _HEREDOC.match(raw)
    body = match.group(2) if match else ""
    body = re.sub(r"[ \t]*\Z", "", body)
    body = re.sub(r"\r?\n\Z", "", body)
    if not raw.startswith("<<-"):
        return body
    lines = body.split("\n")
    indent = sys.maxsize
    for line in lines:
        if line.strip():
            indent = min(indent, len(line) - len(line.lstrip(" ")))
    if indent == sys.maxsize:
        indent = 0
    return "\n".join(line[indent:] for line in lines)


class _Reader:
    """Converts one file's syntax tree; holds the source for slicing and positions."""

    def __init__(self, text: str, data: bytes) -> None:
        self.text = text
        self.data = data
        self.ascii = len(data) == len(text)
        self.lines: list[bytes] | None = None
        # python-hcl2 parses the text with a new line appended
        self.padded = text + "\n"
        self.offsets: list[int] | None = None

    # positions -----------------------------------------------------------------

    def column(self, row: int, col: int) -> int:
        if self.ascii:
            return col + 1
        if self.lines is None:
            self.lines = self.data.split(b"\n")
        line = self.lines[row] if row < len(self.lines) else b""
        return len(line[:col].decode("utf-8", "replace")) + 1

    def span(self, node: Any) -> Span:
        (r1, c1), (r2, c2) = node.start_point, node.end_point
        if self.ascii:
            return Span(r1 + 1, c1 + 1, r2 + 1, c2 + 1)
        return Span(r1 + 1, self.column(r1, c1), r2 + 1, self.column(r2, c2))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset into the padded text."""
        if self.offsets is None:
            self.offsets = [0] + [m.end() for m in _NEWLINE.finditer(self.padded)]
        row = bisect.bisect_right(self.offsets, offset) - 1
        return row + 1, offset - self.offsets[row] + 1

    def char_offset(self, row: int, col: int) -> int:
        self.position(0)
        assert self.offsets is not None
        return self.offsets[row] + self.column(row, col) - 1

    def src(self, node: Any) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    # spans with python-hcl2's ends ----------------------------------------------------

    def value_span(self, start: Any, expr: Any, value: Any) -> Span:
        """Span from `start` to the end of expression `expr`, where python-hcl2 ends it."""
        (r1, c1), (r2, c2) = start.start_point, expr.end_point
        if isinstance(value, str) and (isinstance(value, Expr) or self.data[expr.start_byte] == 60):
            end = self.extended_end(expr)
            if end is not None:
                return Span(r1 + 1, self.column(r1, c1), *end)
        if self.ascii:
            return Span(r1 + 1, c1 + 1, r2 + 1, c2 + 1)
        return Span(r1 + 1, self.column(r1, c1), r2 + 1, self.column(r2, c2))

    def extended_end(self, expr: Any) -> tuple[int, int] | None:
        """python-hcl2 ends a binary operation after the new lines and comments that
        follow it, and a heredoc after its closing line's new line."""
        node = expr
        while True:
            kids = [c for c in node.children if c.type != "comment"]
            if node.type == "expression" and len(kids) == 1:
                node = kids[0]
            elif node.type == "operation":
                node = kids[0]
            elif node.type == "conditional":
                node = kids[-1]
            elif node.type == "template_expr":
                node = kids[0]
            else:
                break
        if node.type == "binary_operation":
            (r, c) = expr.end_point
            pos = self.char_offset(r, c)
            end = None
            text = self.padded
            while True:
                pos = _IGNORED.match(text, pos).end()
                m = _NL_OR_COMMENT.match(text, pos)
                if not m or m.end() == pos:
                    break
                pos = end = m.end()
            return self.position(end) if end is not None else None
        if node.type == "heredoc_template":
            (r, c) = expr.end_point
            pos = self.char_offset(r, c)
            if self.padded.startswith("\n", pos) or self.padded.startswith("\r\n", pos):
                return r + 2, 1
        return None

    # values ----------------------------------------------------------------------

    def expr_text(self, node: Any) -> str:
        """Source of an expression on one line, without its comments, object elements
        separated by commas (as python-hcl2 writes it back). A heredoc inside becomes
        its bare text, as python-hcl2 writes it (unquoted)."""
        start, end = node.start_byte, node.end_byte
        chunk = self.data[start:end]
        cuts: list[tuple[int, int, str]] = []
        heredoc = False
        if (b"#" in chunk or b"//" in chunk or b"/*" in chunk or b"<<" in chunk
                or (b"{" in chunk and (b"\n" in chunk or b":" in chunk)) or b"..." in chunk
                or (_OPERATOR_CHAR.search(chunk) and _UNSPACED.search(chunk))):
            stack = [node]
            while stack:
                n = stack.pop()
                kind = n.type
                if kind == "comment":
                    block = self.data.startswith(b"/*", n.start_byte)
                    cuts.append((n.start_byte, n.end_byte, " " if block else ""))
                elif kind == "heredoc_template":
                    raw = self.src(n)
                    body = _heredoc_text(raw)
                    if raw.startswith("<<-"):  # python-hcl2 escapes these, in expressions
                        body = body.replace("\\", "\\\\").replace('"', '\\"')
                    cuts.append((n.start_byte, n.end_byte, body))
                    heredoc = True
                elif kind == "quoted_template":
                    stack.extend(c for c in n.children if c.type in (
                        "template_interpolation", "template_directive"))
                elif n.child_count:
                    kids = n.children
                    if kind == "object":
                        # elements on their own lines: python-hcl2 writes `{a = 1, b = 2}`
                        elems = [k for k in kids if k.type in ("object_elem", ",")]
                        for first, second in zip(elems, elems[1:]):
                            if first.type == second.type == "object_elem":
                                cuts.append((first.end_byte, first.end_byte, ","))
                    elif kind in _SPACED_PARTS:
                        self.space_operators(kids, cuts)
                    elif kind == "function_arguments" and kids[-1].type == "ellipsis":
                        dots = kids[-1]  # python-hcl2 writes `f(var.l ...)`
                        cuts.append((dots.start_byte, dots.end_byte, " ..."))
                    elif kind == "object_elem":
                        colon = next((k for k in kids if k.type == ":"), None)
                        if colon is not None:  # python-hcl2 writes `{a = 1}` for `{a: 1}`
                            cuts.append((colon.start_byte, colon.end_byte, " = "))
                    stack.extend(kids)
        if not cuts:
            return _one_line(chunk.decode("utf-8", "replace")).strip()
        pieces: list[str] = []
        pos = start
        for a, b, replacement in sorted(cuts):
            pieces.append(self.data[pos:a].decode("utf-8", "replace"))
            pieces.append(replacement)
            pos = b
        pieces.append(self.data[pos:end].decode("utf-8", "replace"))
        if heredoc:  # heredoc bodies are kept as they are
            return "".join(p if i % 2 else _one_line(p) for i, p in enumerate(pieces)).strip()
        return _one_line("".join(pieces)).strip()

    def space_operators(self, kids: list, cuts: list) -> None:
        """One space around binary operators, `?`, `:` and `=>`, as python-hcl2 writes
        them (gaps holding a comment are left to the comment's cut)."""
        parts = [k for k in kids if k.type != "comment"]
        for first, second in zip(parts, parts[1:]):
            if first.type in _OPERATORS or second.type in _OPERATORS:
                gap = self.data[first.end_byte:second.start_byte]
                if gap != b" " and not gap.strip():
                    cuts.append((first.end_byte, second.start_byte, " "))

    def value(self, expr: Any) -> Any:
        kids = expr.children
        if len(kids) > 1:
            kids = [c for c in kids if c.type != "comment"]
        if len(kids) == 1:
            node = kids[0]
            kind = node.type
            if kind == "literal_value":
                return self.literal(node.children[0], expr)
            if kind == "collection_value":
                inner = node.children[0]
                return self.tuple(inner) if inner.type == "tuple" else self.object(inner)
            if kind == "template_expr":
                return self.template(node.children[0])
            if kind == "variable_expr":
                # python-hcl2 gives a lone name (`type = string`) as plain text
                return node.text.decode()
            if kind == "operation":
                negative = self.negative_number(node.children[0])
                if negative is not None:
                    return negative
        return Expr("${" + self.expr_text(expr) + "}")

    def negative_number(self, op: Any) -> Any:
        """python-hcl2 reads `-1` (and `- 1`) as a number literal."""
        if op.type != "unary_operation" or op.child_count != 2 or op.children[0].type != "-":
            return None
        operand = op.children[1]
        if operand.type != "literal_value" or operand.children[0].type != "numeric_lit":
            return None
        number = self.number(operand.children[0].text.decode())
        return -number if not isinstance(number, str) else None

    @staticmethod
    def number(text: str) -> Any:
        if "e" in text or "E" in text:
            return text
        return float(text) if "." in text else number(text)

    def literal(self, node: Any, expr: Any) -> Any:
        kind = node.type
        if kind == "numeric_lit":
            number = self.number(node.text.decode())
            return Expr("${" + number + "}") if isinstance(number, str) else number
        if kind == "bool_lit":
            return node.children[0].type == "true"
        if kind == "null_lit":
            return None
        if kind == "string_lit":
            return self.template(node)
        return Expr("${" + self.expr_text(expr) + "}")

    def template_text(self, node: Any) -> str:
        """Inner text of a quoted template or heredoc: literal parts as values,
        interpolations and directives as written."""
        kind = node.type
        if kind == "heredoc_template":
            return _heredoc_text(self.src(node))
        if kind == "string_lit":  # no interpolation, by the grammar
            return _literal_text(self.data[node.start_byte + 1:node.end_byte - 1].decode(
                "utf-8", "replace"))
        kids = node.children
        start = kids[0].end_byte
        end = kids[-1].start_byte if kids[-1].type == "quoted_template_end" else node.end_byte
        out: list[str] = []
        pos = start
        for kid in kids[1:]:
            if kid.type in ("template_interpolation", "template_directive"):
                out.append(_literal_text(self.data[pos:kid.start_byte].decode("utf-8", "replace")))
                out.append(self.template_part(kid))
                pos = kid.end_byte
        out.append(_literal_text(self.data[pos:end].decode("utf-8", "replace")))
        return "".join(out)

    def template_part(self, node: Any) -> str:
        """An interpolation or directive written as python-hcl2 writes it back:
        `${expr}` and `%{ if expr }`."""
        raw = self.src(node)
        if node.type == "template_directive":
            return _DIRECTIVE.sub(lambda m: f"%{{{m[1]} {m[2]} {m[3]}}}", raw)
        expr = next((k for k in node.children if k.type == "expression"), None)
        if expr is None or "~" in raw:
            return raw
        return "${" + self.expr_text(expr) + "}"

    def template(self, node: Any) -> Any:
        return _as_value(self.template_text(node))

    def tuple(self, node: Any) -> Seq:
        out = Seq(span=self.span(node))
        for item in node.children:
            if item.type == "expression":
                value = self.value(item)
                out.append(value)
                out.item_spans.append(self.value_span(item, item, value))
        return out

    def object(self, node: Any) -> Map:
        out = Map(span=self.span(node))
        for elem in node.children:
            if elem.type != "object_elem":
                continue
            kids = [c for c in elem.children if c.type != "comment"]
            key_node, value_node = kids[0], kids[-1]
            if elem.start_point[0] != value_node.start_point[0]:
                _same_line(key_node, kids[1])
                _same_line(kids[1], value_node)
            key = self.key(key_node)
            value = out[key] = self.value(value_node)
            out.key_spans[key] = self.value_span(elem, value_node, value)
        return out

    def key(self, expr: Any) -> str:
        """An object key as python-hcl2 names it: identifiers and strings as text,
        numbers as their text, anything else as `${...}`."""
        kids = [c for c in expr.children if c.type != "comment"]
        if len(kids) == 1:
            node = kids[0]
            if node.type == "variable_expr":
                return node.text.decode()
            if node.type == "literal_value":
                lit = node.children[0]
                if lit.type == "string_lit":
                    return self.template_text(lit)
                if lit.type == "numeric_lit":
                    number = self.number(lit.text.decode())
                    return "${" + number + "}" if isinstance(number, str) else str(number)
                return lit.text.decode()
            if node.type == "template_expr" and node.children[0].type == "quoted_template":
                return self.template_text(node.children[0])
        return "${" + self.expr_text(expr) + "}"

    # structure -------------------------------------------------------------------

    def label(self, node: Any) -> str:
        if node.type == "string_lit":
            return self.template_text(node)
        return node.text.decode()

    def block(self, node: Any) -> Map:
        kids = node.children
        block_type = kids[0].text.decode()
        labels = tuple(self.label(k) for k in kids[1:] if k.type in ("string_lit", "identifier"))
        for prev, label in zip(kids, kids[1:len(labels) + 1]):
            _same_line(prev, label)
        body = next((k for k in kids if k.type == "body"), None)
        out = Map(span=self.span(node), tag=(block_type, labels))
        if body is not None:
            self.body(body, out)
        return out

    def body(self, body: Any, out: Map) -> None:
        seen: dict[str, int] = {}
        for child in body.children:
            kind = child.type
            if kind == "attribute":
                ident, expr = _name_and_expression(child)
                key = ident.text.decode()
                check_redefined(seen, key, *self.position(self.char_offset(*ident.start_point)))
                value = out[key] = self.value(expr)
                out.key_spans[key] = self.value_span(child, expr, value)
            elif kind == "block":
                block = self.block(child)
                block_type = block.tag[0]
                if block_type not in out:
                    out[block_type] = Seq(span=block.span)
                    out.key_spans[block_type] = block.span
                elif not isinstance(out[block_type], Seq):
                    continue
                out[block_type].append(block)
                out[block_type].item_spans.append(block.span)

    def file_span(self) -> Span:
        """python-hcl2's span of the whole file: from its first token to the end of the
        new line it appends."""
        text = self.text
        first = len(text) - len(text.lstrip(" \t\r"))
        if first >= len(text):
            first = len(text)
        line, col = self.position(first)
        return Span(line, col, text.count("\n") + 2, 1)


_CLOSERS = {"}": "'}'", "]": "']'", ")": "')'", '"': "'\"'", "quoted_template_end": "'\"'",
            "block_end": "'}'", "object_end": "'}'", "tuple_end": "']'"}
_TOKEN = re.compile(r'[A-Za-z_][A-Za-z0-9_-]*|\d+(?:\.\d+)?|\$\{|%\{|<<-?|[=!<>]=|&&|\|\||=>|\.\.\.|\S')
_BLANKS = re.compile(r"[ \t]*")
_SKIP = re.compile(r"(?:\s+|#[^\n]*|//[^\n]*|/\*.*?\*/)*", re.S)
_PUNCTUATION = set("{}[](),=.:?!<>+-*/%&|\"")


def _first_problem(root: Any) -> Any:
    """The first ERROR or MISSING node in document order."""
    node = root
    while True:
        for child in node.children:
            if child.is_missing or child.is_error:
                return child
            if child.has_error:
                node = child
                break
        else:
            return node


def _describe_token(token: str) -> str:
    if token[0].isalpha() or token[0] == "_":
        return "a name"
    if token[0].isdigit():
        return "a number"
    if token[0] in _PUNCTUATION or token in ("${", "%{", "<<", "<<-"):
        return repr(token)
    return f"character {token!r}"


def _error(reader: _Reader, root: Any) -> HclError:
    """The first ERROR or MISSING node, in plain words, at the line where it starts."""
    node = _first_problem(root)
    text = reader.text
    missing = _CLOSERS.get(node.type) if node.is_missing else None
    if node.is_error and node.child_count:
        # tree-sitter wraps what it could not place; an unterminated string inside
        # is the usual cause, and an error running to the end of the file lacks a closer
        stack = list(reversed(node.children))
        while stack:
            kid = stack.pop()
            if kid.type == "quoted_template_start" and kid.parent is not None and not any(
                    c.type == "quoted_template_end" for c in kid.parent.children):
                offset = reader.char_offset(*kid.start_point)
                line_end = text.find("\n", offset)
                line_text = text[offset:line_end if line_end >= 0 else len(text)]
                if _string_end(line_text, 0) >= len(line_text) and not line_text.endswith('"'):
                    line, col = reader.position(offset)
                    return HclError("unterminated string", line, col)
            stack.extend(reversed(kid.children))
    if node.is_error and node.child_count > 1:
        # what tree-sitter could not place ends a line outside brackets: that line is incomplete
        offset = reader.char_offset(*node.end_point)
        rest = _BLANKS.match(text, min(offset, len(text))).end()
        source = reader.src(node)
        inside_brackets = sum(source.count(c) for c in "([{") > sum(source.count(c) for c in ")]}")
        if text.startswith(("\n", "\r\n"), rest) and not inside_brackets:
            line, col = reader.position(rest)
            return HclError("unexpected end of line: the expression is incomplete", line, col)
    else:
        offset = reader.char_offset(*node.start_point)
    offset = _SKIP.match(text, min(offset, len(text))).end()
    if offset >= len(text):
        line, col = reader.position(len(text))
        if missing:
            return HclError(f"unexpected end of file: missing {missing}", line, col)
        return HclError("unexpected end of file", line, col)
    line, col = reader.position(offset)
    token = _TOKEN.match(text, offset).group(0)
    what = _describe_token(token)
    if missing:
        return HclError(f"unexpected {what}: expected {missing}", line, col)
    if node.is_error and node.parent is not None and node.parent.parent is None \
            and token in ("}", "]", ")"):
        return HclError(f"unexpected {what}: expected end of file", line, col)
    return HclError(f"unexpected {what}", line, col)


# Each syntax node costs ~750 bytes once converted to located values and evaluated: past
# this many, a file (which IACGATE_MAX_FILE_MB let through) is refused, so memory stays
# bounded whatever the size limit (a 10 MB file of small resources has ~2.7 million).
MAX_NODES = 1_500_000


class TooLarge(HclError):
    """A file too large to read within bounded memory: reported, never handed to the
    slower python-hcl2 fallback."""


# tree-sitter itself needs ~150 bytes per node (a 10 MB file: 7 million nodes, 1.1 GB):
# a cheap count of lines and punctuation (about a third of the nodes) refuses such a file
# before it is parsed.
MAX_PUNCTUATION = 500_000


def _check_size(text: str) -> None:
    count = sum(text.count(c) for c in '\n={}[](),"')
    if count > MAX_PUNCTUATION:
        raise TooLarge(f"more than {MAX_PUNCTUATION:,} lines and delimiters: too large to read "
                       "within bounded memory (split the file)", 1, 1)


def parse_hcl_ts(text: str) -> Seq:
    """Top-level blocks of an HCL file (and, for .tfvars, a block-less Map of attributes
    under tag ("attributes", ())), as `terraform.parse_hcl` returns them."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return Seq(span=Span(1, 1, 1, 1))
    if len(text) > 1 << 20:
        _check_size(text)
    data = text.encode("utf-8", "surrogatepass")
    tree = _get_parser().parse(data)
    root = tree.root_node
    reader = _Reader(text, data)
    if root.has_error:
        raise _error(reader, root)
    if root.descendant_count > MAX_NODES:
        raise TooLarge(f"more than {MAX_NODES:,} syntax nodes: too large to read within bounded "
                       "memory (split the file)", 1, 1)
    try:
        return _top(reader, root)
    except _LineBreak as exc:
        line, col = reader.position(reader.char_offset(*exc.node.start_point))
        token = _TOKEN.match(text, reader.char_offset(*exc.node.start_point))
        what = _describe_token(token.group(0)) if token else "text"
        raise HclError(f"unexpected new line before {what}", line, col) from None


def _top(reader: _Reader, root: Any) -> Seq:
    span = reader.file_span()
    top = Seq(span=span)
    attrs = Map(span=span, tag=("attributes", ()))
    seen: dict[str, int] = {}
    for body in root.children:
        if body.type != "body":
            continue
        for child in body.children:
            if child.type == "block":
                block = reader.block(child)
                top.append(block)
                top.item_spans.append(block.span)
            elif child.type == "attribute":
                ident, expr = _name_and_expression(child)
                key = ident.text.decode()
                check_redefined(seen, key, *reader.position(reader.char_offset(*ident.start_point)))
                value = attrs[key] = reader.value(expr)
                attrs.key_spans[key] = reader.value_span(child, expr, value)
    if attrs:
        top.append(attrs)
        top.item_spans.append(attrs.span)
    return top

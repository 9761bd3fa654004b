"""Terraform (HCL2) files as located trees, from python-hcl2's typed parse tree.

A file becomes a `Seq` of block `Map`s; each block's `tag` is `(block_type, labels)`.
Inside a block, attributes are entries and nested blocks are lists of `Map`s under their
type (as Terraform repeats blocks). Literal values become Python values; anything else
(references, function calls, templates) becomes an `Expr` holding its source text, for the
evaluator to resolve. This module is the one place that touches python-hcl2, so the
parser can be swapped (tree-sitter-hcl) behind `parse_hcl`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..model import Map, Seq, Span
from .hcl_values import Expr, HclError

_INTERP = re.compile(r"(?<!\$)\$\{|(?<!%)%\{")
_HEREDOC_ESCAPE = re.compile(r'\\(["\\])')
_parser_ready = False


def _prepare_parser() -> None:
    """Lark rebuilds its grammar (~1 s) when it cannot write its cache into
    site-packages: keep the cache in a user directory instead."""
    global _parser_ready
    if _parser_ready:
        return
    import hcl2.parser

    cache_dir = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "iacgate"
    target = Path(hcl2.parser.PARSER_FILE)
    if not os.access(target.parent, os.W_OK) and not target.exists():
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            hcl2.parser.PARSER_FILE = cache_dir / "hcl2_lark_cache.bin"
        except OSError:
            pass
    _parser_ready = True


FOREIGN_HCL2 = (
    "this file needs python-hcl2, iacgate's fallback HCL parser (tree-sitter-hcl did not read "
    "it), but the `hcl2` module installed here is another one: checkov installs its fork "
    "bc-python-hcl2 under the same name. Scan from an environment without checkov, or "
    "reinstall python-hcl2 (`pip install --force-reinstall --no-deps \"python-hcl2>=8,<9\"`) "
    "where checkov is not needed")


def python_hcl2() -> Any:
    """python-hcl2 8.x, ready to parse; HclError when the `hcl2` module is another
    distribution's (checkov's bc-python-hcl2 installs one with the same name)."""
    try:
        import hcl2
        from hcl2.utils import SerializationOptions  # noqa: F401 - only python-hcl2 8 has it
    except ImportError:
        raise HclError(FOREIGN_HCL2) from None
    if not hasattr(hcl2, "parses"):
        raise HclError(FOREIGN_HCL2)
    _prepare_parser()
    return hcl2


def _meta_span(node: Any) -> Span:
    m = node._meta
    return Span(m.line, m.column, m.end_line, m.end_column)


_OPTIONS = None


def _options():
    global _OPTIONS
    if _OPTIONS is None:
        from hcl2.utils import SerializationOptions

        _OPTIONS = SerializationOptions(strip_string_quotes=True, explicit_blocks=False,
                                        preserve_heredocs=False, with_comments=False)
    return _OPTIONS


def _name(node: Any) -> str:
    return str(node.serialize(options=_options()))


def _literal(value: Any) -> Any:
    if isinstance(value, str):
        if _INTERP.search(value):
            return Expr(value)
        return value.replace("$${", "${").replace("%%{", "%{")
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal(v) for v in value]
    return value


def _value(expr: Any) -> Any:
    """Convert an expression node; objects and tuples keep positions of their items."""
    cls = type(expr).__name__
    if cls == "ExprTermRule":
        inner = [c for c in expr.children if c is not None and hasattr(c, "_meta")]
        if len(inner) == 1 and type(inner[0]).__name__ in ("ObjectRule", "TupleRule"):
            return _value(inner[0])
        if len(inner) == 1 and type(inner[0]).__name__ == "HeredocTrimTemplateRule":
            # python-hcl2 escapes quotes and backslashes of `<<-` heredocs only
            text = expr.serialize(options=_options())
            if isinstance(text, str):
                return _literal(_HEREDOC_ESCAPE.sub(r"\1", text))
    if cls == "ObjectRule":
        out = Map(span=_meta_span(expr))
        for elem in expr.children:
            if type(elem).__name__ != "ObjectElemRule":
                continue
            key_node, value_node = elem.children[0], elem.children[-1]
            key = _name(key_node)
            out[key] = _value(value_node)
            out.key_spans[key] = _meta_span(elem)
        return out
    if cls == "TupleRule":
        out = Seq(span=_meta_span(expr))
        for item in expr.children:
            name = type(item).__name__
            if item is None or not hasattr(item, "_meta") or name.endswith("_TOKEN") \
                    or name == "NewLineOrCommentRule":
                continue
            out.append(_value(item))
            out.item_spans.append(_meta_span(item))
        return out
    return _literal(expr.serialize(options=_options()))


def _body(body: Any, span: Span, tag: Any) -> Map:
    out = Map(span=span, tag=tag)
    for child in body.children:
        cls = type(child).__name__
        if cls == "AttributeRule":
            key = _name(child.identifier)
            out[key] = _value(child.expression)
            out.key_spans[key] = _meta_span(child)
        elif cls == "BlockRule":
            block = _block(child)
            block_type = block.tag[0]
            if block_type not in out:
                out[block_type] = Seq(span=block.span)
                out.key_spans[block_type] = block.span
            elif not isinstance(out[block_type], Seq):
                continue
            out[block_type].append(block)
            out[block_type].item_spans.append(block.span)
    return out


def _block(node: Any) -> Map:
    kids = node.children
    block_type = _name(kids[0])
    labels = [_name(k) for k in kids[1:] if type(k).__name__ in ("StringRule", "IdentifierRule")]
    body = next(k for k in kids if type(k).__name__ == "BodyRule")
    return _body(body, _meta_span(node), (block_type, tuple(labels)))


def parse_hcl(text: str) -> Seq:
    """Top-level blocks of an HCL file (and, for .tfvars, a block-less Map of attributes
    under tag ("attributes", ()))."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return Seq(span=Span(1, 1, 1, 1))
    from . import tfcache

    parser = parser_name()
    cached = tfcache.load(text, Expr, parser)
    if cached is not None:
        return cached
    top = _parse_tree_sitter(text) if parser == "tree-sitter" else None
    if top is None:
        top = _parse_uncached(text, python_hcl2())
    tfcache.store(text, top, Expr, parser)
    return top


def parser_name() -> str:
    """tree-sitter-hcl reads the same trees >10x faster than python-hcl2 (see
    benchmarks/bench_hcl_parsers.py); IACGATE_HCL_PARSER=python-hcl2 forces the old one."""
    if os.environ.get("IACGATE_HCL_PARSER", "") == "python-hcl2":
        return "python-hcl2"
    from .hcl_treesitter import available

    return "tree-sitter" if available() else "python-hcl2"


def _parse_tree_sitter(text: str) -> Seq | None:
    """None when tree-sitter rejects the text: python-hcl2 then decides (it reads a few
    forms tree-sitter-hcl does not, e.g. `1e3`) and words the error as before."""
    from .hcl_treesitter import parse_hcl_ts

    try:
        return parse_hcl_ts(text)
    except HclError:
        return None


def _parse_uncached(text: str, hcl2: Any) -> Seq:
    try:
        tree = hcl2.parses(text)
    except Exception as exc:  # lark raises many exception types
        line = getattr(exc, "line", 0) or 0
        column = getattr(exc, "column", 0) or 0
        raise HclError(_plain_message(exc), line if line > 0 else 0, column if column > 0 else 0) from None
    body = tree.children[0]
    top = Seq(span=_meta_span(tree))
    attrs = Map(span=_meta_span(tree), tag=("attributes", ()))
    for child in body.children:
        cls = type(child).__name__
        if cls == "BlockRule":
            block = _block(child)
            top.append(block)
            top.item_spans.append(block.span)
        elif cls == "AttributeRule":
            key = _name(child.identifier)
            attrs[key] = _value(child.expression)
            attrs.key_spans[key] = _meta_span(child)
    if attrs:
        top.append(attrs)
        top.item_spans.append(attrs.span)
    return top


_TOKEN_WORDS = {
    "RBRACE": "'}'", "LBRACE": "'{'", "RSQB": "']'", "LSQB": "'['", "RPAR": "')'",
    "LPAR": "'('", "COMMA": "','", "EQ": "'='", "COLON": "':'", "DBLQUOTE": "'\"'",
    "QMARK": "'?'", "DOT": "'.'", "NAME": "a name", "INT_LITERAL": "a number",
    "FLOAT_LITERAL": "a number", "STRING_CHARS": "text", "NL_OR_COMMENT": "a new line",
    "$END": "end of file", "INTERP_START": "'${'", "HEREDOC_TEMPLATE": "a heredoc",
}
_CLOSERS = ("RBRACE", "RSQB", "RPAR", "DBLQUOTE")


def _word(name: str) -> str:
    return _TOKEN_WORDS.get(name, name.lower().replace("_", " "))


def _plain_message(exc: Exception) -> str:
    """A lark error in plain words: "unexpected end of file: missing '}'"."""
    expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    token = getattr(exc, "token", None)
    closers = [_word(n) for n in _CLOSERS if n in expected]
    wanted = ", ".join(dict.fromkeys(_word(n) for n in expected if not n.startswith("__")))
    if token is not None:
        if token.type == "$END":
            if closers:
                return f"unexpected end of file: missing {closers[0]}"
            return "unexpected end of file" + (f"; expected {wanted}" if wanted else "")
        text = str(token).split("\n")[0].strip()
        what = f"character {text[:1]!r}" if token.type == "STRING_CHARS" else f"{_word(token.type)}"
        if token.type not in _TOKEN_WORDS and text:
            what = repr(text[:20])
        if len(expected) == 1:
            return f"unexpected {what}: expected {wanted}"
        if closers and len(expected) <= 3:
            return f"unexpected {what}: expected {closers[0]}"
        return f"unexpected {what}" + (f"; expected {wanted}" if wanted and len(expected) <= 4 else "")
    char = getattr(exc, "char", None)
    if char is not None:
        return f"unexpected character {char!r}"
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def parse_tf_json(text: str) -> Seq:
    """`*.tf.json`: the JSON form of the same blocks, positions from the YAML loader
    (JSON is YAML), so rules see the same shapes."""
    from .yamlpos import YamlError, load_all

    try:
        data = load_all(text, "1.2").documents
    except YamlError as exc:
        raise HclError(exc.message, exc.line, exc.column) from None
    root = data[0] if data else None
    top = Seq(span=Span(1, 1, 1, 1))
    if not isinstance(root, dict):
        if root is None:
            return top
        raise HclError("a Terraform JSON file must hold an object", 1, 1)
    for block_type, content in root.items():
        span = root.key_spans[block_type]
        depth = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1,
                 "provider": 1}.get(block_type, 0)
        _json_blocks(top, block_type, content, span, depth, ())
    return top


def parse_tfvars_json(text: str) -> Seq:
    """`*.tfvars.json`: variable values, shaped like a parsed `.tfvars` file."""
    from .yamlpos import YamlError, load_all

    try:
        data = load_all(text, "1.2").documents
    except YamlError as exc:
        raise HclError(exc.message, exc.line, exc.column) from None
    root = data[0] if data else None
    top = Seq(span=Span(1, 1, 1, 1))
    if root is None:
        return top
    if not isinstance(root, Map):
        raise HclError("a variables JSON file must hold an object", 1, 1)
    root.tag = ("attributes", ())
    top.append(root)
    top.item_spans.append(root.span)
    return top


def _json_blocks(top: Seq, block_type: str, content: Any, span: Span, depth: int,
                 labels: tuple) -> None:
    if depth == 0:
        items = content if isinstance(content, list) else [content]
        for item in items:
            if isinstance(item, Map):
                item.tag = (block_type, labels)
                item.span = Span(span.line, span.column, span.end_line, span.end_column)
                for k, v in list(item.items()):
                    item[k] = _json_value(v)
                top.append(item)
                top.item_spans.append(item.span)
        return
    if isinstance(content, Map):
        for label, inner in content.items():
            _json_blocks(top, block_type, inner, content.key_spans[label], depth - 1,
                         labels + (str(label),))


def _json_value(value: Any) -> Any:
    if isinstance(value, str):
        return Expr(value) if _INTERP.search(value) else value
    if isinstance(value, Map):
        for k, v in list(value.items()):
            value[k] = _json_value(v)
    elif isinstance(value, Seq):
        for i, v in enumerate(value):
            value[i] = _json_value(v)
    return value

"""A cache of parsed Terraform files, keyed by content: python-hcl2 costs 30-150 ms per
file, reading a cached tree well under 1 ms.

Entries hold plain tuples written with `marshal` (no pickle: loading one never runs
code). The key covers the file's text, this parser's source and python-hcl2's version,
so editing either invalidates every entry. Set IACGATE_NO_CACHE=1 to turn it off. Any
error reading or writing the cache is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

from ..model import Map, Seq, Span

_salt: bytes | None = None
_M, _S, _E = 0, 1, 2


def _directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "iacgate" / "hcl"


def _key(text: str, parser: str) -> str:
    global _salt
    if _salt is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            hcl2_version = version("python-hcl2")
        except PackageNotFoundError:
            hcl2_version = "?"
        here = Path(__file__)
        source = b"".join(here.with_name(name).read_bytes()
                          for name in ("terraform.py", "tfcache.py", "hcl_treesitter.py", "hcl_values.py"))
        _salt = hashlib.sha256(source + hcl2_version.encode()).digest()
    return hashlib.sha256(_salt + parser.encode() + text.encode("utf-8", "surrogatepass")).hexdigest()


def enabled() -> bool:
    return os.environ.get("IACGATE_NO_CACHE", "") in ("", "0")


def _span(span: Span | None) -> Any:
    return tuple(span[:4]) if span is not None else None


def _encode(value: Any, expr_type: type) -> Any:
    if isinstance(value, Map):
        return (_M, _span(value.span), value.tag,
                tuple((k, _span(value.key_spans.get(k)), _encode(v, expr_type))
                      for k, v in value.items()))
    if isinstance(value, Seq):
        spans = value.item_spans
        return (_S, _span(value.span),
                tuple((_span(spans[i]) if i < len(spans) else None, _encode(v, expr_type))
                      for i, v in enumerate(value)))
    if isinstance(value, expr_type):
        return (_E, str(value))
    if isinstance(value, (dict, list, tuple)):
        raise TypeError("unexpected container")
    return value


def _decode(value: Any, expr_type: type) -> Any:
    if not isinstance(value, tuple):
        return value
    kind = value[0]
    if kind == _E:
        return expr_type(value[1])
    if kind == _M:
        out = Map(span=Span(*value[1]) if value[1] else None, tag=value[2])
        for key, kspan, item in value[3]:
            out[key] = _decode(item, expr_type)
            if kspan is not None:
                out.key_spans[key] = Span(*kspan)
        return out
    seq = Seq(span=Span(*value[1]) if value[1] else None)
    for ispan, item in value[2]:
        seq.append(_decode(item, expr_type))
        seq.item_spans.append(Span(*ispan) if ispan else None)
    return seq


def load(text: str, expr_type: type, parser: str) -> Seq | None:
    if not enabled():
        return None
    try:
        key = _key(text, parser)
        tree = _decode(marshal.loads((_directory() / key[:2] / key).read_bytes()), expr_type)
    except (OSError, ValueError, EOFError, TypeError, IndexError, KeyError):
        return None
    return tree if isinstance(tree, Seq) else None


def store(text: str, tree: Seq, expr_type: type, parser: str) -> None:
    if not enabled():
        return
    try:
        key = _key(text, parser)
        folder = _directory() / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}"
        tmp.write_bytes(marshal.dumps(_encode(tree, expr_type)))
        os.replace(tmp, folder / key)
    except (OSError, ValueError, TypeError):
        pass

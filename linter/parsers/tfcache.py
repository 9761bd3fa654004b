"""A cache of parsed Terraform files, keyed by content: python-hcl2 costs 30-150 ms per
file, reading a cached tree well under 1 ms.

Entries hold plain tuples written with `marshal` (no pickle: loading one never runs
code). The key covers the file's text, this parser's source and python-hcl2's version,
so editing either invalidates every entry. Set IACGATE_NO_CACHE=1 to turn it off. Any
error reading or writing the cache is ignored: it only ever saves time.

The cache is capped (IACGATE_CACHE_MB, default 100 MiB): a scan that wrote entries trims
the least recently used ones (a read refreshes an entry's time) down to 80% of the cap.
`iacgate cache clear` empties it; `iacgate cache info` shows where it is and its size.
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
DEFAULT_CAP_MB = 100
_written = 0  # entries this process stored (a scan that stored none need not trim)


def root() -> Path:
    """iacgate's cache folder (parsed files, python-hcl2's grammar)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "iacgate"


def _directory() -> Path:
    return root() / "hcl"


def cap_bytes() -> int:
    try:
        mb = float(os.environ.get("IACGATE_CACHE_MB", DEFAULT_CAP_MB))
    except ValueError:
        mb = DEFAULT_CAP_MB
    return max(0, int(mb * 1024 * 1024))


def _entries() -> list[tuple[float, int, Path]]:
    """(last use, size, path) of every entry."""
    out = []
    try:
        folders = list(os.scandir(_directory()))
    except OSError:
        return out
    for folder in folders:
        try:
            if not folder.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(folder.path):
                info = entry.stat(follow_symlinks=False)
                out.append((info.st_mtime, info.st_size, Path(entry.path)))
        except OSError:
            continue
    return out


def usage() -> tuple[int, int]:
    """(entries, bytes) in the cache."""
    entries = _entries()
    return len(entries), sum(size for _, size, _ in entries)


def trim(force: bool = False) -> int:
    """Drop least recently used entries until the cache is under 80% of its cap, when it
    is over the cap; returns the bytes freed. Only after a scan that stored entries."""
    global _written
    if not force and not _written:
        return 0
    _written = 0  # a long-lived process (tests, an editor) lists the cache once per new entries
    cap = cap_bytes()
    entries = _entries()
    total = sum(size for _, size, _ in entries)
    if total <= cap:
        return 0
    freed = 0
    for _, size, path in sorted(entries, key=lambda e: e[0]):
        if total - freed <= cap * 0.8:
            break
        try:
            path.unlink()
            freed += size
        except OSError:
            continue
    return freed


def clear() -> tuple[int, int]:
    """Remove everything iacgate keeps in its cache folder; (files, bytes) removed."""
    import shutil

    files = size = 0
    folder = root()
    if not folder.is_dir():
        return 0, 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() or path.is_symlink():
                size += path.stat(follow_symlinks=False).st_size
                files += 1
        except OSError:
            continue
    shutil.rmtree(folder, ignore_errors=True)
    return files, size


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
        entry = _directory() / key[:2] / key
        tree = _decode(marshal.loads(entry.read_bytes()), expr_type)
        os.utime(entry)  # recently used: trimmed last
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
        data = marshal.dumps(_encode(tree, expr_type))
        if len(data) > cap_bytes() // 4:
            return  # one tree may not take the cache over
        tmp.write_bytes(data)
        os.replace(tmp, folder / key)
        global _written
        _written += 1
    except (OSError, ValueError, TypeError, RecursionError):
        pass

"""Rule files read ahead of time: each pack folder may hold `_parsed.json`, the data of
its rule YAML files with a CRC-32 of each file's bytes.

Reading 592 rule files with a YAML parser costs about 0.1 s, paid by every scan before a
single file is looked at; the same data from JSON costs a few milliseconds. A rule file
whose bytes do not match its entry (edited since) is read from its YAML as before, so a
stale bundle costs speed, never correctness. The test suite fails on a stale bundle.

    python -m linter.rulebundle      # rewrite the bundled packs' _parsed.json
"""

from __future__ import annotations

import json
import sys
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

BUNDLE_NAME = "_parsed.json"
FORMAT = 1
_PAIRS = "__pairs__"  # a mapping with keys JSON cannot hold (port numbers): its pairs


def checksum(raw: bytes) -> int:
    return zlib.crc32(raw)


def cached_data(path: Path, raw: bytes) -> Any | None:
    """The parsed data of rule file `path` (whose bytes are `raw`) from its folder's
    bundle, or None when there is none or it does not match these bytes."""
    entry = _bundle(str(path.parent)).get(path.name)
    if entry is None or entry[0] != checksum(raw):
        return None
    return entry[1]


@lru_cache(maxsize=64)
def _bundle(folder: str) -> dict[str, tuple[int, Any]]:
    try:
        doc = json.loads((Path(folder) / BUNDLE_NAME).read_text(encoding="utf-8"),
                         object_hook=_decode_pairs)
    except (OSError, ValueError):
        return {}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("rules"), dict):
        return {}
    out: dict[str, tuple[int, Any]] = {}
    for name, entry in doc["rules"].items():
        if isinstance(entry, dict) and isinstance(entry.get("crc32"), int):
            out[name] = (entry["crc32"], entry.get("data"))
    return out


def _decode_pairs(obj: dict) -> Any:
    if len(obj) == 1 and _PAIRS in obj:
        return {k: v for k, v in obj[_PAIRS]}
    return obj


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _PAIRS not in value:
            return {k: _encode(v) for k, v in value.items()}
        return {_PAIRS: [[k, _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a rule value of type {type(value).__name__} cannot be bundled: {value!r}")


def shipped_folder(installed: str, checkout: str) -> Path | None:
    """A folder shipped with iacgate: `linter/<installed>` of an install, else `<checkout>/`
    beside `linter/` in a source checkout; None when neither exists."""
    here = Path(__file__).resolve().parent
    for candidate in (here / installed, here.parent / checkout):
        if candidate.is_dir():
            return candidate
    return None


def packs_root() -> Path | None:
    """`rules/` of a source checkout, or the copy installed inside the package."""
    return shipped_folder("rulepacks", "rules")


def render(folder: Path) -> str:
    """The bundle of one pack folder: one line per rule, so that a diff shows which changed."""
    import yaml

    lines = []
    for path in sorted(p for p in folder.glob("*.y*ml") if not p.name.startswith(("_", "."))):
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        entry = {"crc32": checksum(raw), "data": _encode(data)}
        lines.append(f"    {json.dumps(path.name)}: {json.dumps(entry, ensure_ascii=False, sort_keys=True)}")
    body = ",\n".join(lines)
    return f'{{\n  "format": {FORMAT},\n  "rules": {{\n{body}\n  }}\n}}\n'


def main() -> int:
    root = packs_root()
    if root is None:
        print("the bundled rule packs are missing", file=sys.stderr)
        return 2
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        if not any(folder.glob("*.y*ml")):
            continue
        target = folder / BUNDLE_NAME
        text = render(folder)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

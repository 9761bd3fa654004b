"""Located YAML readers compared on every YAML file of the corpus (issue: keep what wins).

Usage: python benchmarks/bench_yaml.py [--corpus ../shared/corpus] [--runs 3]

Candidates, each reading every document of every file:
- `yamlpos` (what iacgate uses): libyaml's C composer, then our builder of located
  `Map`/`Seq` with an explicit stack and a cache of resolved scalar tags;
- `pyyaml constructor`: the same loader through PyYAML's generic constructor with our
  located map/seq constructors (what iacgate used before);
- `libyaml events`: libyaml's events with a minimal builder of our own (no node graph);
- `ruamel.yaml`: the round-trip loader (positions through `.lc`), as `iacgate fix` uses it;
- `no positions`: plain `CSafeLoader`, the floor a located reader cannot beat.
Prints the best total seconds over the files and the ratio to `yamlpos`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.model import Map, Seq, Span  # noqa: E402
from linter.parsers import yamlpos  # noqa: E402


def _texts(corpus: Path) -> list[str]:
    out = []
    for folder, _dirs, files in os.walk(corpus):
        for name in files:
            if name.endswith((".yml", ".yaml")):
                try:
                    text = (Path(folder) / name).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                if "{{" not in text or "${{" in text:  # Helm templates are not YAML
                    out.append(text)
    return out


def read_yamlpos(text: str) -> list:
    return yamlpos.load_all(text, "1.1").documents


def read_constructor(text: str) -> list:
    loader = yamlpos.Yaml11Loader(text)
    try:
        docs = []
        while loader.check_data():
            docs.append(loader.get_data())
        return docs
    finally:
        loader.dispose()


def read_events(text: str) -> list:
    """A minimal located builder over libyaml's events (scalars resolved like yamlpos)."""
    loader = yamlpos.Yaml11Loader(text)
    docs: list = []
    stack: list = []  # (container, pending key, key node start) per open container
    anchors: dict = {}
    try:
        while loader.check_event():
            ev = loader.get_event()
            kind = type(ev)
            if kind is yaml.ScalarEvent:
                tag = ev.tag or loader.resolve(yaml.ScalarNode, ev.value, ev.implicit)
                if tag == "tag:yaml.org,2002:str":
                    value = ev.value
                else:
                    node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, style=ev.style)
                    convert = yamlpos._SCALARS.get(tag)
                    value = convert(loader, node) if convert else loader.construct_object(node)
                item, start, end = value, ev.start_mark, ev.end_mark
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                s = ev.start_mark
                box = (Map if kind is yaml.MappingStartEvent else Seq)(
                    span=Span(s.line + 1, s.column + 1, s.line + 1, s.column + 1))
                if ev.anchor:
                    anchors[ev.anchor] = box
                stack.append([box, None, None])
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                box = stack.pop()[0]
                item, start, end = box, None, ev.end_mark
            elif kind is yaml.AliasEvent:
                item, start, end = anchors.get(ev.anchor), ev.start_mark, ev.end_mark
            elif kind is yaml.DocumentEndEvent:
                continue
            else:
                continue
            if not stack:
                docs.append(item)
                continue
            top = stack[-1]
            box = top[0]
            if isinstance(box, Map):
                if top[1] is None:
                    top[1], top[2] = (item if not isinstance(item, (Map, Seq)) else str(item)), start
                else:
                    box[top[1]] = item
                    k = top[2]
                    if k is not None:
                        box.key_spans[top[1]] = Span(k.line + 1, k.column + 1, end.line + 1, end.column + 1)
                    top[1] = top[2] = None
            else:
                box.append(item)
                if start is not None:
                    box.item_spans.append(Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1))
        return docs
    finally:
        loader.dispose()


def read_ruamel(text: str) -> list:
    from ruamel.yaml import YAML

    return list(YAML(typ="rt", pure=True).load_all(text))


def read_plain(text: str) -> list:
    return list(yaml.load_all(text, Loader=yaml.CSafeLoader))


CANDIDATES = {
    "yamlpos": read_yamlpos,
    "pyyaml constructor": read_constructor,
    "libyaml events": read_events,
    "ruamel.yaml": read_ruamel,
    "no positions": read_plain,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    texts = []
    for text in _texts(args.corpus):
        try:
            read_plain(text)
            texts.append(text)
        except yaml.YAMLError:
            pass  # files every reader refuses say nothing about speed
    print(f"{len(texts)} YAML files, {sum(map(len, texts)) // 1024} KiB")
    print(f"{'reader':<22}{'seconds':>9}{'ratio':>8}")
    base = None
    for name, read in CANDIDATES.items():
        best = float("inf")
        for _ in range(args.runs if name != "ruamel.yaml" else 1):
            start = time.perf_counter()
            for text in texts:
                try:
                    read(text)
                except Exception:  # noqa: BLE001 - a reader's refusal costs what it cost
                    pass
            best = min(best, time.perf_counter() - start)
        base = base or best
        print(f"{name:<22}{best:>9.2f}{best / base:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

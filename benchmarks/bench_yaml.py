"""Located YAML readers compared on every YAML file of the corpus (issue: keep what wins).

Usage: python benchmarks/bench_yaml.py [--corpus ../shared/corpus] [--runs 3]

Candidates, each reading every document of every file:
- `yamlpos` (what iacgate uses): libyaml's events straight into located `Map`/`Seq`, with
  a cache of resolved scalar tags (no node graph);
- `yamlpos node graph`: libyaml's C composer, then our builder from the node graph (what
  iacgate does for texts with aliases, merge keys or explicit tags);
- `pyyaml constructor`: the same loader through PyYAML's generic constructor with our
  located map/seq constructors (what iacgate did first);
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


def read_nodes(text: str) -> list:
    """yamlpos through the node graph (what it does for aliases, merge keys and tags)."""
    loader = yamlpos.Yaml11Loader(text)
    try:
        docs = []
        while loader.check_node():
            docs.append(yamlpos._build(loader, loader.get_node(), True))
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
    "yamlpos node graph": read_nodes,
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

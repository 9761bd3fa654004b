"""Time python-hcl2 and tree-sitter-hcl over the corpus Terraform files (no cache).

    python benchmarks/bench_hcl_parsers.py [FOLDER] [--repeat N]

Prints CPU ms/KB for each reader (process time, best of N interleaved runs, so other
work on a busy machine distorts less) and the speed-up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["IACGATE_NO_CACHE"] = "1"

from linter.parsers import terraform  # noqa: E402
from linter.parsers.hcl_treesitter import _get_parser, parse_hcl_ts  # noqa: E402
from linter.parsers.terraform import HclError  # noqa: E402


def _python_hcl2(text: str):
    import hcl2

    return terraform._parse_uncached(text, hcl2)


def _run(fn, texts: list[str]) -> tuple[float, int]:
    errors = 0
    start = time.process_time()
    for text in texts:
        try:
            fn(text)
        except HclError:
            errors += 1
    return time.process_time() - start, errors


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    args.add_argument("--repeat", type=int, default=3)
    opts = args.parse_args()
    files = sorted(p for p in Path(opts.folder).rglob("*") if p.suffix in (".tf", ".tfvars"))
    texts = [t for t in (p.read_text(encoding="utf-8", errors="replace") for p in files)
             if t.strip()]
    if not texts:
        sys.exit(f"no .tf files under {opts.folder}")
    kb = sum(len(t.encode()) for t in texts) / 1024
    terraform._prepare_parser()
    _python_hcl2(texts[0])  # lark grammar load, not part of a file's cost
    _get_parser()
    readers = {"old": _python_hcl2, "new": parse_hcl_ts,
               "tree": lambda t: _get_parser().parse(t.encode())}
    best = {name: float("inf") for name in readers}
    errors = {}
    for _ in range(opts.repeat):
        for name, fn in readers.items():
            seconds, errors[name] = _run(fn, texts)
            best[name] = min(best[name], seconds)
    old, new, tree_only = best["old"], best["new"], best["tree"]
    old_errors, new_errors = errors["old"], errors["new"]
    print(f"{len(texts)} files, {kb:.0f} KB (CPU time, best of {opts.repeat})")
    print(f"python-hcl2      {old * 1000 / kb:7.3f} ms/KB  {old:6.2f} s  ({old_errors} errors)")
    print(f"tree-sitter-hcl  {new * 1000 / kb:7.3f} ms/KB  {new:6.2f} s  ({new_errors} errors)"
          f"  of which the C parse {tree_only * 1000 / kb:.3f} ms/KB")
    print(f"speed-up         {old / new:7.1f}x")


if __name__ == "__main__":
    main()

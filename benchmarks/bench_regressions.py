"""Timings that once regressed badly, measured here instead of asserted in tests.

Usage: python benchmarks/bench_regressions.py

- discovery's content sniffing of a 20,000-line YAML file under `.gitlab/` (a backtracking
  regex once took minutes; expected: a few milliseconds);
- a scan of the Kubernetes corpus folders (kubernetes-goat, kubernetes-examples,
  ingress-nginx), when ../shared/corpus is present (expected: about a second).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.discovery import classify_text  # noqa: E402
from linter.engine import ScanOptions, scan  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    fn()
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")


def main() -> None:
    text = "job:\n" + "".join(f"  key{i}: value {i}\n" for i in range(20000)) + "other: 1\n"
    timed("classify 20,000-line YAML under .gitlab/", lambda: classify_text(Path(".gitlab/ci/big.yml"), text))
    folders = [CORPUS / "real" / "kubernetes-goat", CORPUS / "scale" / "kubernetes-examples",
               CORPUS / "scale" / "kubernetes-ingress-nginx"]
    if all(f.is_dir() for f in folders):
        timed("scan the Kubernetes corpus folders", lambda: scan(ScanOptions(
            targets=[str(f) for f in folders], select=["kubernetes"])))
    else:
        print("Kubernetes corpus scan skipped: needs ../shared/corpus beside the checkout")


if __name__ == "__main__":
    main()

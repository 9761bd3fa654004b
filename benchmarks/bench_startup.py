"""Start-up and pre-commit-sized runs: `iacgate --version` and scans of one to a few files.

Usage: python benchmarks/bench_startup.py [--runs 10]

Targets (DESIGN.md): --version under 0.3 s; a pre-commit run over a few YAML files under
0.15 s, with Terraform under 0.3 s. Prints the median and best wall time of each command.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import iacgate_cmd, iacgate_env, warm_up

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"

CASES = {
    "--version": ["--version"],
    "1 k8s yaml": ["scan", str(FIX / "K8S001" / "good.yaml")],
    "1 workflow": ["scan", "--kind", "github-actions", str(FIX / "GHA001" / "good.yml")],
    "1 gitlab-ci": ["scan", "--kind", "gitlab-ci", str(FIX / "GLC001" / "good.yml")],
    "1 terraform": ["scan", str(FIX / "AWS001" / "good.tf")],
    "5 terraform": ["scan"] + [str(p) for p in sorted(FIX.glob("AWS00*/good.tf"))[:5]],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    warm_up()
    env = iacgate_env(XDG_CACHE_HOME=tempfile.mkdtemp(prefix="iacgate-bench-cache-"))
    print(f"{'case':<14}{'median s':>10}{'best s':>9}")
    for name, argv in CASES.items():
        missing = [a for a in argv if a.startswith("/") and not Path(a).exists()]
        if missing:
            print(f"{name:<14}  (fixture missing: {missing[0]})")
            continue
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(iacgate_cmd() + argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=env, cwd=ROOT)
            times.append(time.perf_counter() - start)
        print(f"{name:<14}{statistics.median(times):>10.3f}{min(times):>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time `iacgate scan` against checkov (and zizmor for workflows) on the same files.

Usage:
    python benchmarks/bench_scan.py [--corpus ../shared/corpus] [--runs 3]
        [--checkov PATH] [--zizmor PATH] [--only all,eks,k8s-examples,...,tiny-tree]

Each peer runs on exactly the folders iacgate runs on, in the same invocation, one after the
other, so the machine's load is comparable. iacgate runs with its parse cache off
(IACGATE_NO_CACHE=1, as on a fresh CI runner) and on (warm). Prints wall time (best of N),
peak memory of the whole process tree, and the ratio peer/iacgate (cache off). Peers are
optional: a missing one is reported as such. For iacgate, one more untimed run gives the
peak memory of all its processes together (PSS, Linux).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import iacgate_cmd, iacgate_env, warm_up

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"

SUITES = {
    "all": ["."],
    "terraform": ["scale/terraform-aws-vpc", "scale/terraform-aws-eks", "scale/terraform-aws-rds",
                  "scale/terraform-aws-s3-bucket", "real/terragoat"],
    "eks": ["scale/terraform-aws-eks"],
    "k8s-examples": ["scale/kubernetes-examples"],
    "terragoat": ["real/terragoat"],
    "gitlab-ci": ["scale/gitlab-ci"],
    "workflows": ["scale/github-workflows"],
    "kubernetes": ["scale/kubernetes-examples", "scale/kubernetes-ingress-nginx", "real/kubernetes-goat"],
}
TINY = "tiny-tree"  # generated: 2,000 small Terraform files in 600 folders, one module each


def _tiny_tree(root: Path) -> Path:
    """A tree of many tiny modules: the per-file and per-module fixed costs, not parsing."""
    for i in range(600):
        folder = root / f"service-{i:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "main.tf").write_text(
            f'resource "aws_s3_bucket" "data" {{\n  bucket = "${{var.name}}-{i}"\n}}\n\n'
            'resource "aws_s3_bucket_public_access_block" "data" {\n'
            '  bucket                  = aws_s3_bucket.data.id\n  block_public_acls       = true\n'
            '  block_public_policy     = true\n  ignore_public_acls      = true\n'
            '  restrict_public_buckets = true\n}\n')
        (folder / "variables.tf").write_text('variable "name" {\n  type    = string\n  default = "app"\n}\n')
        (folder / "outputs.tf").write_text('output "bucket" {\n  value = aws_s3_bucket.data.id\n}\n')
        if i < 200:
            (folder / "versions.tf").write_text('terraform {\n  required_version = ">= 1.5"\n}\n')
    return root


CHECKOV_FRAMEWORK = {TINY: "terraform", "terraform": "terraform", "eks": "terraform", "terragoat": "terraform",
                     "kubernetes": "kubernetes", "k8s-examples": "kubernetes",
                     "workflows": "github_actions", "gitlab-ci": "gitlab_ci", "all": "all"}
ZIZMOR_SUITES = ("workflows",)


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, int]:
    """(seconds, exit code, peak RSS in MiB of the largest process of this command's tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, usage.ru_maxrss // 1024


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                for child in fh.read().split():
                    out += _tree(int(child))
    except OSError:
        pass
    return out


def _total_memory(cmd: list[str], cwd: Path, env: dict) -> int | None:
    """Peak proportional set size (MiB) of the whole process tree, sampled every 10 ms in
    an untimed run: forked workers share pages, so adding their RSS would count them twice.
    None where /proc cannot tell (not Linux)."""
    if not os.path.exists("/proc/self/smaps_rollup"):
        return None
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    while proc.poll() is None:
        total = 0
        for pid in _tree(proc.pid):
            try:
                with open(f"/proc/{pid}/smaps_rollup") as fh:
                    total += sum(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            except OSError:
                pass
        peak = max(peak, total)
        time.sleep(0.01)
    return peak // 1024


def _best(cmd: list[str], cwd: Path, runs: int, env: dict | None = None) -> tuple[float, int, int]:
    results = [_run(cmd, cwd, env) for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--checkov", default=shutil.which("checkov"))
    parser.add_argument("--zizmor", default=shutil.which("zizmor"))
    parser.add_argument("--only", default=f"all,eks,k8s-examples,terragoat,gitlab-ci,workflows,{TINY}")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    print(f"corpus: {corpus}   cpus: {os.cpu_count()}   runs: best of {args.runs}")
    print(f"{'suite':<14}{'tool':<18}{'seconds':>9}{'MiB':>7}{'exit':>6}{'ratio':>9}")
    out_dir = Path(tempfile.mkdtemp(prefix="iacgate-bench-"))
    warm_up()
    cold = iacgate_env(IACGATE_NO_CACHE="1")
    warm = {k: v for k, v in iacgate_env().items() if k != "IACGATE_NO_CACHE"}
    for suite in args.only.split(","):
        if suite == TINY:
            folders = [_tiny_tree(out_dir / TINY)]
        else:
            folders = [corpus / f for f in SUITES[suite]]
        folders = [f for f in folders if f.exists()]
        report = out_dir / f"{suite}.json"
        cmd = iacgate_cmd() + ["scan", *map(str, folders), "-o", f"json={report}", "--no-progress"]
        _run(cmd, corpus, cold)  # untimed: the first run pays for the page cache
        ours = _best(cmd, corpus, args.runs, cold)
        print(f"{suite:<14}{'iacgate (no cache)':<18}{ours[0]:>9.2f}{ours[2]:>7}{ours[1]:>6}{'1.0':>9}")
        total = _total_memory(cmd, corpus, cold)
        if total is not None:
            print(f"{'':<14}{'  all processes':<18}{'':>9}{total:>7}   (peak PSS, untimed run)")
        _run(cmd, corpus, warm)  # fill the cache
        cached = _best(cmd, corpus, args.runs, warm)
        print(f"{'':<14}{'iacgate (cache)':<18}{cached[0]:>9.2f}{cached[2]:>7}{cached[1]:>6}"
              f"{cached[0] / ours[0]:>9.2f}")
        if args.checkov and CHECKOV_FRAMEWORK[suite] is not None:
            peer_cmd = [args.checkov, "--quiet", "--compact", "-o", "json", "--skip-download"]
            if CHECKOV_FRAMEWORK[suite] != "all":
                peer_cmd += ["--framework", CHECKOV_FRAMEWORK[suite]]
            for f in folders:
                peer_cmd += ["-d", str(f)]
            peer = _best(peer_cmd, corpus, max(1, min(args.runs, 2)))
            print(f"{'':<14}{'checkov':<18}{peer[0]:>9.2f}{peer[2]:>7}{peer[1]:>6}{peer[0] / ours[0]:>8.1f}x")
        elif not args.checkov:
            print(f"{'':<14}{'checkov':<18}{'not installed (pip install checkov)':>30}")
        if suite in ZIZMOR_SUITES and args.zizmor:
            peer_cmd = [args.zizmor, "--offline", "--no-progress", "--format", "json", *map(str, folders)]
            peer = _best(peer_cmd, corpus, args.runs)
            print(f"{'':<14}{'zizmor --offline':<18}{peer[0]:>9.2f}{peer[2]:>7}{peer[1]:>6}{peer[0] / ours[0]:>8.1f}x")
    print(f"reports: {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

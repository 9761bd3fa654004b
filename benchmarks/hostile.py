"""The hand-made hostile inputs of docs/robustness.md, each run through the real command
line with its exit code, findings, time and peak memory (a markdown table on stdout).

    python benchmarks/hostile.py > /tmp/hostile.md
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_ACL = 'resource "aws_s3_bucket_acl" "site" {\n  bucket = "site"\n  acl    = "public-read"\n}\n'
POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers:\n"
       "    - name: c\n      image: nginx\n      securityContext:\n        privileged: true\n")


def BIG() -> str:  # built when a case runs: the parent stays small (a child's peak memory
    # is measured from its fork, which starts as large as this process)
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + "x" * (6 << 20)


def _locals_chain(n: int) -> str:
    lines = ["locals {", '  l0 = "public-read"'] + [f"  l{i} = local.l{i - 1}" for i in range(1, n)]
    return "\n".join(lines + ["}"]) + "\n" + PUBLIC_ACL.replace('"public-read"', f"local.l{n - 1}")


def _plan(values: str) -> str:
    return ('{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": '
            '"aws_s3_bucket_acl.p", "mode": "managed", "type": "aws_s3_bucket_acl", "name": "p", '
            f'"values": {values}}}, {{"address": ["x"], "mode": 5, "type": {{"a": 1}}, "name": [[]]}}]}}}}}}')


def _files(files: dict[str, str | bytes | Callable]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        for name, data in files.items():
            data = data() if callable(data) else data
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return make


def _special(kind: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        if kind == "fifo":
            os.mkfifo(folder / "pipe.yaml")
        elif kind == "loop":
            (folder / "loop.tf").symlink_to("loop.tf")
        elif kind == "name":
            with open(os.fsencode(str(folder)) + b"/bad\xff.tf", "w") as fh:
                fh.write(PUBLIC_ACL)
        elif kind == "many":
            for i in range(5000):
                (folder / f"b{i}.tf").write_text(f'resource "aws_s3_bucket" "b{i}" {{\n  bucket = "b{i}"\n}}\n')
    return make


# (title, maker, extra args, stdin bytes, environment)
CASES: list[tuple[str, Callable[[Path], None], list[str], Callable | bytes | None, dict]] = [
    ("privileged Pod after a 6 MiB ConfigMap in one YAML file", _files({"pod.yaml": lambda: BIG() + "\n---\n" + POD}), [], None, {}),
    ("plan JSON over 5 MiB", _files({"plan.json": lambda: '{"format_version": "1.2", "planned_values": {}, "x": "'
                                     + "x" * (6 << 20) + '"}'}), [], None, {}),
    ("6 MiB of YAML on standard input", _files({}), ["-", "--kind", "kubernetes"], lambda: (BIG() + "\n---\n" + POD).encode(), {}),
    ("60 MB of YAML on standard input, limit raised to 100 MiB", _files({}), ["-", "--kind", "kubernetes"],
     lambda: ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n" + "".join(
         f"  k{i}: {'v' * 50}\n" for i in range(1_000_000))).encode(), {"IACGATE_MAX_FILE_MB": "100"}),
    ("YAML that is not UTF-8 (a latin-1 byte)", _files({"pod.yaml": POD.encode().replace(b"name: p", b"name: p\xe9")}), [], None, {}),
    ("YAML in UTF-16", _files({"pod.yaml": POD.encode("utf-16")}), [], None, {}),
    ("FIFO named like a manifest", _special("fifo"), [], None, {}),
    ("FIFO and /dev/null on the command line", _special("fifo"), ["pipe.yaml", "/dev/null"], None, {}),
    ("symlink that points to itself", _special("loop"), [], None, {}),
    ("file name with a 0xff byte", _special("name"), [], None, {}),
    ("binary standard input, --kind kubernetes", _files({}), ["-", "--kind", "kubernetes"], b"\xff\xfe\x00\x01", {}),
    ("--select NOPE", _files({"main.tf": PUBLIC_ACL}), ["--select", "NOPE"], None, {}),
    ("--select K8S on a privileged Pod", _files({"pod.yaml": POD}), ["--select", "K8S"], None, {}),
    ("acl inside 100 parentheses", _files({"main.tf": PUBLIC_ACL.replace('"public-read"', "(" * 100 + '"public-read"' + ")" * 100)}), [], None, {}),
    ("acl inside 50,000 parentheses", _files({"main.tf": PUBLIC_ACL.replace('"public-read"', "(" * 50000 + '"public-read"' + ")" * 50000)}), [], None, {}),
    ("acl through a chain of 200 locals", _files({"main.tf": _locals_chain(200)}), [], None, {}),
    ("acl through a chain of 20,000 locals", _files({"main.tf": _locals_chain(20000)}), [], None, {}),
    ("attribute set twice in a block", _files({"main.tf": PUBLIC_ACL.replace("  acl", '  acl = "private"\n  acl')}), [], None, {}),
    ("for expression over a number (azs = 5)", _files({"main.tf": "locals {\n  azs = 5\n  s = [for k, v in local.azs : v]\n}\n" + PUBLIC_ACL}), [], None, {}),
    ("count = 1e309", _files({"main.tf": PUBLIC_ACL.replace("  bucket", "  count = 1e309\n  bucket")}), [], None, {}),
    ("5,000-digit integer in HCL, YAML and plan JSON", _files({
        "main.tf": "locals {\n  n = " + "9" * 5000 + "\n}\n" + PUBLIC_ACL,
        "pod.yaml": POD + "  terminationGracePeriodSeconds: " + "9" * 5000 + "\n",
        "plan.json": _plan('{"acl": "public-read", "n": ' + "9" * 5000 + "}")}), [], None, {}),
    ("5,000-digit integer in .iacgate.yaml", _files({"main.tf": PUBLIC_ACL, ".iacgate.yaml": "jobs: " + "9" * 5000 + "\n"}), [], None, {}),
    ("baseline nested 100,000 deep", _files({"main.tf": PUBLIC_ACL, "b.json": "[" * 100000 + "]" * 100000}), ["--baseline", "b.json"], None, {}),
    ("plan JSON whose fields have the wrong types", _files({"plan.json": _plan('{"acl": ["public-read"], "grant": [[1]]}')}), [], None, {}),
    ("principals { type = [[]] }", _files({"main.tf": 'data "aws_iam_policy_document" "p" {\n  statement {\n'
                                           '    actions = ["*"]\n    resources = ["*"]\n    principals {\n'
                                           '      type = [[]]\n      identifiers = ["*"]\n    }\n  }\n}\n'
                                           'resource "aws_iam_policy" "p" {\n  policy = data.aws_iam_policy_document.p.json\n}\n'}), [], None, {}),
    ("5,000 small .tf files (AWS100-AWS103 companion lookup)", _special("many"), ["-j", "1"], None, {}),
]


def run(title: str, make: Callable[[Path], None], args: list[str], stdin: Callable | bytes | None,
        env: dict) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make(folder)
        full_env = dict(os.environ, NO_COLOR="1", IACGATE_NO_CACHE="1", PYTHONPATH=str(ROOT), **env)
        cmd = [sys.executable, "-m", "linter.cli", "scan", *(args or ["."]), "--format", "json"]
        timed = Path("/usr/bin/time").is_file()  # its child's peak is the scan's own, not this process's
        if timed:
            cmd = ["/usr/bin/time", "-f", "maxrss %M", *cmd]
        start = time.monotonic()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp:
            inp.write((stdin() if callable(stdin) else stdin) or b"")
            inp.seek(0)
            make = stdin = None  # nothing large left in this process when the child forks
            import gc

            gc.collect()
            proc = subprocess.Popen(cmd, cwd=folder, stdin=inp, stdout=out, stderr=err, env=full_env)
            timer = threading.Timer(300, proc.kill)
            timer.start()
            _, status, usage = os.wait4(proc.pid, 0)
            timer.cancel()
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            seconds = time.monotonic() - start
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    rss_mb = usage.ru_maxrss / 1024
    if timed and "maxrss " in stderr:
        rss_mb = int(stderr.rsplit("maxrss ", 1)[1].split()[0]) / 1024
        stderr = stderr.rsplit("maxrss ", 1)[0]
        if code != 0 and stderr.rstrip().endswith(f"Command exited with non-zero status {code}"):
            stderr = stderr.rstrip().rsplit("\n", 1)[0]
    try:
        findings = json.loads(stdout)["findings"]
    except (ValueError, KeyError):
        findings = []
    counts: dict[str, int] = {}
    for f in findings:
        if not f["unknown"]:
            counts[f["rule_id"]] = counts.get(f["rule_id"], 0) + 1
    shown = ", ".join(f"{k}" + (f" x{v}" if v > 1 else "") for k, v in sorted(counts.items())[:6]) or "none"
    if code == 2:
        shown = stderr.strip().splitlines()[-1][:110].replace("|", "\\|") if stderr.strip() else "?"
    return f"| {title} | {code} | {shown} | {seconds:.1f} s | {rss_mb:.0f} MB |"


def main() -> int:
    print("| input | exit | findings (known values) or message | time | peak memory |")
    print("|---|---|---|---|---|")
    wanted = sys.argv[1:]  # optional: only the cases whose title contains one of these words
    for case in CASES:
        if not wanted or any(w in case[0] for w in wanted):
            print(run(*case), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

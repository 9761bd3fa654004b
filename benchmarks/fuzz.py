"""Structure-aware fuzzer: mutated fixtures and corpus files through the real command line.

Seeds are the rule fixtures (always there) and, when found, the files of the shared
corpus (`--corpus`, else IACGATE_CORPUS, else ../shared/corpus next to the checkout), for
each of the four kinds. A mutant is a seed with one to three mutations: a value swapped
for a number, boolean, list, map, null, huge number, huge string or deep nesting; a line
deleted, duplicated, swapped or re-indented; the file truncated; syntax characters
inserted. Each mutant gets its own folder, at the path that gives it its kind.

Mutants are scanned in batches by `python -m linter.cli scan`, in parallel processes. A
batch fails when iacgate exits 2 or 3, prints a traceback, reports IAC006 (a rule crashed)
or IAC007 (iacgate failed on a file), or takes more than 30 s. A failing batch is bisected
down to the one mutant that fails, which is written into tests/fuzz_regressions/ (with
--save) so that tests/test_fuzz.py keeps it fixed.

    python benchmarks/fuzz.py --mutants 10000 --seed 1       # the full round (minutes)
    python benchmarks/fuzz.py --mutants 300 --seed 7 --fixtures-only
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGRESSIONS = ROOT / "tests" / "fuzz_regressions"
KINDS = ("terraform", "kubernetes", "github-actions", "gitlab-ci")
RUN_LIMIT_S = 30.0
BAD_FINDINGS = ("IAC006", "IAC007")

# where a mutant of each kind is written inside its folder, so discovery gives it its kind
PLACE = {"terraform": "main.tf", "kubernetes": "manifest.yaml",
         "github-actions": ".github/workflows/ci.yml", "gitlab-ci": ".gitlab-ci.yml"}


@dataclass
class Seed:
    kind: str
    name: str  # where it came from, for reports
    text: str
    place: str  # file name within the mutant's folder


@dataclass
class Mutant:
    seed: Seed
    text: str
    ops: list[str]
    number: int

    @property
    def key(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass
class Failure:
    mutant: Mutant | None
    reason: str


@dataclass
class Totals:
    mutants: Counter = field(default_factory=Counter)
    runs: int = 0
    exit_codes: Counter = field(default_factory=Counter)
    tracebacks: int = 0
    findings: Counter = field(default_factory=Counter)
    slowest_s: float = 0.0
    peak_rss_mb: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


# -- seeds ---------------------------------------------------------------------------------

def corpus_dir(explicit: str | None = None) -> Path | None:
    for candidate in (explicit, os.environ.get("IACGATE_CORPUS"), str(ROOT.parent / "shared" / "corpus")):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def _kind_of(path: Path, text: str) -> str | None:
    sys.path.insert(0, str(ROOT))
    from linter.discovery import classify_by_path, classify_text

    kind = classify_by_path(path)
    if kind is None and path.name.lower().endswith((".yml", ".yaml", ".json")):
        kind = classify_text(path, text)[0]
    return kind


def _place(kind: str, path: Path) -> str:
    name = path.name
    if kind == "terraform":
        if name.endswith(".json"):
            return "plan.json" if not name.endswith(".tf.json") else "main.tf.json"
        return "terraform.tfvars" if name.endswith(".tfvars") else "main.tf"
    if kind == "github-actions" and name in ("action.yml", "action.yaml"):
        return "action.yml"
    return PLACE[kind]


def seeds(corpus: Path | None, max_bytes: int = 64 * 1024) -> dict[str, list[Seed]]:
    """Every fixture file, and every corpus file up to `max_bytes`, by kind."""
    out: dict[str, list[Seed]] = {k: [] for k in KINDS}
    roots = [ROOT / "fixtures"] + ([corpus] if corpus else [])
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.stat().st_size > max_bytes or ".terraform" in path.parts:
                continue
            if not path.name.lower().endswith((".tf", ".tfvars", ".yml", ".yaml", ".json")):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            kind = _kind_of(path, text)
            if kind in out:
                out[kind].append(Seed(kind, str(path.relative_to(root.parent)), text, _place(kind, path)))
    return out


# -- mutations -----------------------------------------------------------------------------

_HCL_VALUE = re.compile(r"^(\s*[\w\"-]+\s*=\s*)(.+)$")
_YAML_VALUE = re.compile(r"^(\s*(?:- )?[\w\"'.-]+\s*:\s+)(\S.*)$")
_JSON_VALUE = re.compile(r'^(\s*"[^"]+"\s*:\s*)(.+?)(,?)$')
SYNTAX = ["{", "}", "[", "]", "(", ")", '"', "'", "$", "${", "%{", "{{", "}}", ":", "#", "-", "=",
          ",", "\n", "\t", "\\", "*", "&a ", "*a", "<<EOT\n", "!!binary ", "? ", "|", ">", "\x00",
          "\ufeff", "\u202e", "//", "/*", "..."]


def _hcl_values(rng: random.Random) -> str:
    choice = rng.randrange(16)
    return [
        "0", "-1", "1e309", "99999999999999999999", "9" * rng.choice((50, 4400, 20000)),
        rng.choice(["true", "false"]), "null", "[]", "[[]]", '[1, "a", true, null]', "{}",
        '{ a = 1, b = [2] }', '"' + "x" * rng.choice((100, 200_000)) + '"',
        "(" * rng.choice((50, 300, 3000)) + "1" + ")" * 3000,
        "[" * rng.choice((50, 300)) + "]" * 300, "local.nope",
    ][choice]


def _yaml_values(rng: random.Random) -> str:
    choice = rng.randrange(15)
    return [
        "0", "-1", "1e309", ".inf", "9" * rng.choice((50, 4400, 20000)), rng.choice(["true", "no", "on"]),
        "null", "[]", "[[]]", "[1, a, true, null]", "{}", "{a: 1, b: [2]}",
        "x" * rng.choice((100, 200_000)), "[" * rng.choice((50, 300, 3000)) + "]" * 3000,
        "&a [*a]",
    ][choice]


def _json_values(rng: random.Random) -> str:
    return rng.choice(["0", "-1", "1e309", "9" * rng.choice((50, 4400)), "true", "null", "[]",
                       "[[]]", "{}", '{"a": [1]}', '"' + "x" * 1000 + '"', "[" * 300 + "]" * 300])


def mutate_once(text: str, kind: str, place: str, rng: random.Random) -> tuple[str, str]:
    lines = text.split("\n")
    op = rng.choice(["value", "value", "value", "delete", "duplicate", "swap", "indent",
                     "truncate", "insert", "insert"])
    if op == "value":
        is_json = place.endswith(".json")
        pattern = _JSON_VALUE if is_json else (_HCL_VALUE if kind == "terraform" else _YAML_VALUE)
        spots = [i for i, line in enumerate(lines) if pattern.match(line)]
        if spots:
            i = rng.choice(spots)
            m = pattern.match(lines[i])
            assert m is not None
            new = (_json_values(rng) if is_json else _hcl_values(rng) if kind == "terraform"
                   else _yaml_values(rng))
            lines[i] = m.group(1) + new + (m.group(3) if is_json else "")
            return "\n".join(lines), f"value@{i + 1}"
        op = "insert"
    if op == "delete" and lines:
        i = rng.randrange(len(lines))
        del lines[i]
        return "\n".join(lines), f"delete@{i + 1}"
    if op == "duplicate" and lines:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
        return "\n".join(lines), f"duplicate@{i + 1}"
    if op == "swap" and len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines), f"swap@{i + 1},{j + 1}"
    if op == "indent" and lines:
        i = rng.randrange(len(lines))
        lines[i] = (" " * rng.choice((1, 2, 4, 7)) + lines[i]) if rng.random() < 0.6 else lines[i].lstrip()
        return "\n".join(lines), f"indent@{i + 1}"
    if op == "truncate" and text:
        cut = rng.randrange(len(text))
        return text[:cut], f"truncate@{cut}"
    pos = rng.randrange(len(text) + 1)
    return text[:pos] + rng.choice(SYNTAX) + text[pos:], f"insert@{pos}"


def mutants(pool: dict[str, list[Seed]], count: int, seed: int) -> list[Mutant]:
    """`count` mutants spread evenly over the kinds that have seeds."""
    rng = random.Random(seed)
    kinds = [k for k in KINDS if pool.get(k)]
    out = []
    for n in range(count):
        s = rng.choice(pool[kinds[n % len(kinds)]])
        text, ops = s.text, []
        for _ in range(rng.choice((1, 1, 2, 3))):
            text, op = mutate_once(text, s.kind, s.place, rng)
            ops.append(op)
        out.append(Mutant(s, text, ops, n))
    return out


# -- running -------------------------------------------------------------------------------

def _write(mutant: Mutant, folder: Path) -> Path:
    target = folder / f"m{mutant.number:05d}" / mutant.seed.place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(mutant.text.encode("utf-8", "surrogatepass"))
    return target


@dataclass
class RunResult:
    code: int
    seconds: float
    rss_mb: float
    traceback: bool
    findings: list[dict]
    stderr: str


def run_cli(folder: Path, timeout: float = RUN_LIMIT_S * 4) -> RunResult:
    """One `iacgate scan` of a folder, with its time and peak memory."""
    env = dict(os.environ, NO_COLOR="1", IACGATE_NO_CACHE="1",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.pop("IACGATE_DEBUG", None)
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "linter.cli", "scan", ".", "--format", "json",
                                 "-j", "1"], cwd=folder, stdout=out, stderr=err, env=env)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak memory
        finally:
            timer.cancel()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    findings: list[dict] = []
    if code in (0, 1):
        try:
            findings = json.loads(stdout)["findings"]
        except (ValueError, KeyError):
            code = -100  # not a report: counted as a failure
    return RunResult(code, seconds, usage.ru_maxrss / 1024, "Traceback" in stderr, findings, stderr)


def _verdict(result: RunResult) -> str | None:
    if result.code not in (0, 1):
        return f"exit {result.code}: {result.stderr.strip()[-300:]}"
    if result.traceback:
        return "traceback: " + result.stderr.strip()[-300:]
    if result.seconds > RUN_LIMIT_S:
        return f"took {result.seconds:.1f} s"
    bad = [f for f in result.findings if f["rule_id"] in BAD_FINDINGS]
    if bad:
        return f"{bad[0]['rule_id']} {bad[0]['message'][:200]}"
    return None


def _folder_of(finding: dict) -> str:
    return finding["path"].split("/", 1)[0]


def run_batch(batch: list[Mutant], work: Path, totals: Totals) -> None:
    folder = Path(tempfile.mkdtemp(prefix="batch-", dir=work))
    try:
        for m in batch:
            _write(m, folder)
        result = run_cli(folder)
        with _LOCK:
            _count(result, batch, totals)
        if _verdict(result) is None:
            return
        _failures(result, batch, work, totals)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_LOCK = threading.Lock()


def _count(result: RunResult, batch: list[Mutant], totals: Totals) -> None:
    totals.runs += 1
    totals.exit_codes[result.code] += 1
    totals.tracebacks += int(result.traceback)
    totals.findings.update(f["rule_id"] for f in result.findings)
    totals.slowest_s = max(totals.slowest_s, result.seconds)
    totals.peak_rss_mb = max(totals.peak_rss_mb, result.rss_mb)
    for m in batch:
        totals.mutants[m.seed.kind] += 1


def _failures(result: RunResult, batch: list[Mutant], work: Path, totals: Totals) -> None:
    by_folder = {f"m{m.number:05d}": m for m in batch}
    named = {_folder_of(f) for f in result.findings if f["rule_id"] in BAD_FINDINGS}
    if named and result.code in (0, 1) and not result.traceback and result.seconds <= RUN_LIMIT_S:
        for name in sorted(named):  # the finding names the file: no bisection needed
            m = by_folder.get(name)
            bad = next(f for f in result.findings if _folder_of(f) == name
                       and f["rule_id"] in BAD_FINDINGS)
            totals.failures.append(Failure(m, f"{bad['rule_id']} {bad['message'][:200]}"))
        return
    totals.failures.append(bisect(batch, work))


def bisect(batch: list[Mutant], work: Path) -> Failure:
    """The one mutant of a failing batch that fails on its own (halving the batch)."""
    while len(batch) > 1:
        half = batch[: len(batch) // 2]
        folder = Path(tempfile.mkdtemp(prefix="bisect-", dir=work))
        try:
            for m in half:
                _write(m, folder)
            failed = _verdict(run_cli(folder)) is not None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        batch = half if failed else batch[len(batch) // 2:]
    folder = Path(tempfile.mkdtemp(prefix="bisect-", dir=work))
    try:
        _write(batch[0], folder)
        reason = _verdict(run_cli(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Failure(batch[0], reason or "fails only together with other files of its batch")


def save_regression(failure: Failure) -> Path | None:
    """The failing mutant as a regression fixture: tests/fuzz_regressions/<kind>-<key>/..."""
    m = failure.mutant
    if m is None:
        return None
    folder = REGRESSIONS / f"{m.seed.kind}-{m.key}"
    target = folder / m.seed.place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(m.text.encode("utf-8", "surrogatepass"))
    (folder / "ABOUT.txt").write_text(f"seed: {m.seed.name}\nmutations: {', '.join(m.ops)}\n"
                                      f"failed with: {failure.reason}\n")
    return folder


def fuzz(count: int, seed: int, corpus: Path | None, batch_size: int = 40, jobs: int = 2,
         budget_s: float | None = None, log=print) -> Totals:
    pool = seeds(corpus)
    log("seeds: " + ", ".join(f"{k} {len(v)}" for k, v in pool.items()))
    todo = mutants(pool, count, seed)
    batches = [todo[i:i + batch_size] for i in range(0, len(todo), batch_size)]
    totals = Totals()
    start = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="iacgate-fuzz-"))
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool_ex:
            futures = []
            for b in batches:
                futures.append(pool_ex.submit(
                    lambda b=b: None if budget_s and time.monotonic() - start > budget_s
                    else run_batch(b, work, totals)))
            for i, fut in enumerate(futures, 1):
                fut.result()
                if i % 10 == 0:
                    log(f"  {i}/{len(batches)} batches, {sum(totals.mutants.values())} mutants, "
                        f"{len(totals.failures)} failures, {time.monotonic() - start:.0f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    totals.seconds = time.monotonic() - start
    return totals


def report(t: Totals) -> str:
    lines = [
        f"mutants: {sum(t.mutants.values())} ({', '.join(f'{k} {n}' for k, n in sorted(t.mutants.items()))})",
        f"runs: {t.runs} in {t.seconds:.0f} s; exit codes: {dict(sorted(t.exit_codes.items()))}",
        f"exit 2/3 runs: {t.exit_codes[2] + t.exit_codes[3]}; tracebacks: {t.tracebacks}; "
        f"IAC006: {t.findings['IAC006']}; IAC007: {t.findings['IAC007']}; "
        f"runs over {RUN_LIMIT_S:.0f} s: {sum(1 for f in t.failures if f.reason.startswith('took'))}",
        f"slowest run: {t.slowest_s:.1f} s; peak memory of a run: {t.peak_rss_mb:.0f} MB",
        f"IAC001 (file refused, gate fails): {t.findings['IAC001']}; IAC003 (duplicate key): "
        f"{t.findings['IAC003']}",
        f"failures: {len(t.failures)}",
    ]
    for f in t.failures[:20]:
        where = f"{f.mutant.seed.kind} {f.mutant.seed.name} [{', '.join(f.mutant.ops)}]" if f.mutant else "?"
        lines.append(f"  {where}: {f.reason}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mutants", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=40, help="mutants per iacgate run")
    ap.add_argument("--jobs", type=int, default=2, help="iacgate runs at once")
    ap.add_argument("--corpus", default=None, help="folder of real files (default: ../shared/corpus)")
    ap.add_argument("--fixtures-only", action="store_true", help="seeds from the rule fixtures only")
    ap.add_argument("--save", action="store_true", help="write failures to tests/fuzz_regressions/")
    ap.add_argument("--budget", type=float, default=None, help="stop starting batches after N s")
    args = ap.parse_args(argv)
    corpus = None if args.fixtures_only else corpus_dir(args.corpus)
    totals = fuzz(args.mutants, args.seed, corpus, args.batch, args.jobs, args.budget,
                  log=lambda s: print(s, file=sys.stderr))
    sys.stdout.write(report(totals))
    if args.save:
        for failure in totals.failures:
            folder = save_regression(failure)
            if folder:
                print(f"regression fixture: {folder.relative_to(ROOT)}", file=sys.stderr)
    return 1 if totals.failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""How many of zizmor's expected findings iacgate's GitHub Actions rules reproduce.

Reads zizmor's own test expectations (`expected_inline_snapshots.json`: test inputs and the
parsed findings of zizmor's snapshot output), scans the same input files with the GHA rules
mapped to each zizmor audit, and prints per audit: zizmor's expected findings, how many we
report at the same file and line, and our extra findings on those files.

    python benchmarks/zizmor_agreement.py [--corpus ../shared/corpus/zizmor] [--details]

"same line" counts our findings on zizmor's line, "within 3" also those on a neighbouring
line (we point at the offending value, zizmor often at its key or block). Expectations from
all of a file's tests are merged (some tests use `--persona=pedantic` or `auditor`, which
show more findings); `<stdin>` tests have no file and are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.engine import ScanOptions, scan  # noqa: E402

# zizmor audit -> our rules that cover the same control.
AUDITS: dict[str, tuple[str, ...]] = {
    "template-injection": ("GHA001", "GHA002"),
    "dangerous-triggers": ("GHA025", "GHA003"),
    "excessive-permissions": ("GHA004", "GHA005", "GHA006", "GHA007", "GHA026", "GHA032"),
    "unpinned-uses": ("GHA008",),
    "unpinned-images": ("GHA009", "GHA010"),
    "artipacked": ("GHA011",),
    "github-env": ("GHA012",),
    "use-trusted-publishing": ("GHA027",),
    "insecure-commands": ("GHA013",),
    "hardcoded-container-credentials": ("GHA014",),
    "secrets-inherit": ("GHA015",),
    "overprovisioned-secrets": ("GHA016",),
    "unredacted-secrets": ("GHA029",),
    "archived-uses": ("GHA030",),
    "known-vulnerable-actions": ("GHA033",),
    "self-hosted-runner": ("GHA017",),
    "cache-poisoning": ("GHA018",),
    "unsound-condition": ("GHA020",),
    "bot-conditions": ("GHA023",),
    "unsound-contains": ("GHA024",),
}
_NOT_WORKFLOWS = ("zizmor", "dependabot", "pre-commit")


def _workflow_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path] if path.suffix in (".yml", ".yaml") else []
    return sorted(p for p in path.rglob("*.y*ml")
                  if not any(w in p.name for w in _NOT_WORKFLOWS))


def _resolve(entry: dict, location_file: str, base: Path) -> Path | None:
    inputs = [base / i for i in entry.get("inputs", [])]
    workflows = [p for p in inputs if not any(w in p.name for w in _NOT_WORKFLOWS)]
    if location_file == "@@INPUT@@":
        files = [p for p in workflows if p.is_file()]
        return files[0] if len(files) == 1 else None
    if location_file.startswith("@@INPUT@@/"):
        rest = location_file[len("@@INPUT@@/"):]
        for p in inputs:
            if (p / rest).is_file():
                return p / rest
    return None


def expectations(base: Path) -> tuple[dict[str, set], set[Path]]:
    """{audit: {(file, line)}} over every test, and every input file scanned."""
    data = json.loads((base / "expected_inline_snapshots.json").read_text())
    expected: dict[str, set] = defaultdict(set)
    files: set[Path] = set()
    for entry in data:
        for inp in entry.get("inputs", []):
            path = base / inp
            if path.exists():
                files.update(_workflow_files(path))
        for finding in entry.get("parsed_findings", []):
            loc = finding["location"]
            path = _resolve(entry, loc["file"], base)
            if path is not None:
                expected[finding["audit"]].add((path.resolve(), int(loc["line"])))
    return expected, {f.resolve() for f in files}


def ours(files: set[Path], rule_ids: list[str], params: dict | None = None) -> dict[str, set]:
    result = scan(ScanOptions(targets=[str(f) for f in sorted(files)], select=rule_ids,
                              force_kind="github-actions", rule_params=params or {}))
    found: dict[str, set] = defaultdict(set)
    for f in result.findings:
        found[f.rule_id].add((Path(f.path).resolve(), f.line))
    return found


def _zizmor_ignored(path: Path, line: int, audit: str, window: int = 4) -> bool:
    """True when zizmor's own test file silences this audit near that line with an inline
    `# zizmor: ignore[audit]` comment (zizmor honours them; iacgate uses its own syntax)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    marker = f"ignore[{audit}]"
    near = lines[max(0, line - window):line + 1]
    return any(marker in text for text in near) or (
        audit == "dangerous-triggers" and any(marker in text for text in lines[:12]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "zizmor"))
    ap.add_argument("--details", action="store_true", help="list missed and extra lines")
    args = ap.parse_args(argv)
    base = Path(args.corpus).resolve()
    expected, files = expectations(base)
    found = ours(files, sorted({r for rules in AUDITS.values() for r in rules}))
    # zizmor's default policy hash-pins every action; ours allows actions/* and github/* by tag
    strict = ours(files, ["GHA008"], {"GHA008": {"allow": []}})
    found["GHA008 (allow: [])"] = strict.get("GHA008", set())
    every = ours(files, ["GHA011"], {"GHA011": {"only_with_upload": False}})
    found["GHA011 (only_with_upload: false)"] = every.get("GHA011", set())
    hosted = ours(files, ["GHA017"], {"GHA017": {"public_triggers_only": False}})
    found["GHA017 (public_triggers_only: false)"] = hosted.get("GHA017", set())
    rows = []
    print(f"{'zizmor audit':32} {'our rules':28} {'expected':>8} {'same line':>9} {'within 3':>8}"
          f" {'extra':>6} {'extra silenced':>14}")
    table = list(AUDITS.items())
    table.insert(list(AUDITS).index("unpinned-uses") + 1, ("unpinned-uses", ("GHA008 (allow: [])",)))
    table.insert([a for a, _ in table].index("artipacked") + 1,
                 ("artipacked", ("GHA011 (only_with_upload: false)",)))
    table.insert([a for a, _ in table].index("self-hosted-runner") + 1,
                 ("self-hosted-runner", ("GHA017 (public_triggers_only: false)",)))
    for audit, rules in table:
        want = expected.get(audit, set())
        got = set().union(*(found.get(r, set()) for r in rules))
        hit = want & got
        extra = got - want
        silenced = {e for e in extra if _zizmor_ignored(e[0], e[1], audit)}
        near = {w for w in want if any(g[0] == w[0] and abs(g[1] - w[1]) <= 3 for g in got)}
        rows.append((audit, len(want), len(hit), len(extra), len(near), len(silenced)))
        label = ",".join(rules) if len(rules) < 4 else f"{rules[0]}..{rules[-1]} ({len(rules)})"
        label = label.replace("only_with_upload", "upload").replace("public_triggers_only", "public")
        print(f"{audit:32} {label:28} {len(want):8} {len(hit):9} {len(near):8} {len(extra):6}"
              f" {len(silenced):14}")
        if args.details:
            for path, line in sorted(want - got):
                print(f"    missed {path.relative_to(base)}:{line}")
            for path, line in sorted(extra):
                note = "  (zizmor: ignore comment)" if (path, line) in silenced else ""
                print(f"    extra  {path.relative_to(base) if path.is_relative_to(base) else path}:{line}{note}")
    counted = [r for r, (_, rules) in zip(rows, table) if "(" not in rules[0]]
    total = [sum(r[i] for r in counted) for i in (1, 2, 4, 3, 5)]
    print(f"{'total (default parameters)':61} {total[0]:8} {total[1]:9} {total[2]:8} {total[3]:6}"
          f" {total[4]:14}")
    print("same line: our finding on zizmor's line; within 3: on a nearby line (we point at the"
          " value, zizmor at its key or block); extra silenced: zizmor's test file carries a"
          " `# zizmor: ignore[...]` comment there")
    print(f"({len(files)} workflow and action files scanned)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

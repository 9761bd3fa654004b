"""Reading fixture expectations: a `# expect: ID` comment on the line before each finding.

A fixture folder may hold an `options.yaml` (`rule_params`, `kind_options`): the scan of
that folder runs with them, which is how non-default rule parameters are tested.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
RULES = ROOT / "rules"
# Real-world files from public repositories (see its SOURCES.md), kept next to the checkout
# rather than in it; IACGATE_CORPUS points elsewhere. Tests that read it use `needs_corpus`.
CORPUS = Path(os.environ.get("IACGATE_CORPUS") or ROOT.parent / "shared" / "corpus")


def needs_corpus(*parts: str):
    """Mark a test as reading the corpus folder CORPUS/<parts>: it runs when that folder
    exists and otherwise skips with a reason that says what to provide (`pytest -m corpus`
    runs only these tests)."""
    folder = CORPUS.joinpath(*parts)
    reason = (f"needs the real-world corpus folder {folder} (not part of the repository: "
              "set IACGATE_CORPUS to a copy of the corpus, see README 'Running the tests')")
    skip = pytest.mark.skipif(not folder.is_dir(), reason=reason)

    def mark(fn):
        return pytest.mark.corpus(skip(fn))

    return mark
_EXPECT = re.compile(r"^\s*(?:#|//)\s*expect:\s*([A-Z][A-Z0-9]{1,5}[0-9]{3}(?:\s*,\s*[A-Z][A-Z0-9]{1,5}[0-9]{3})*)\s*$")


def fixture_cases() -> list[tuple[str, Path]]:
    """(rule id, fixture file or folder) for every bad*/good* entry."""
    cases = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(("bad", "good")):
                cases.append((folder.name, entry))
    return cases


OPTIONS = "options.yaml"


def fixture_options(entry: Path) -> dict:
    """`options.yaml` of a fixture folder: {"rule_params": {...}, "kind_options": {...}}."""
    path = entry / OPTIONS if entry.is_dir() else None
    if path is None or not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text()) or {}
    unknown = set(data) - {"rule_params", "kind_options"}
    assert not unknown, f"{path}: unknown keys {sorted(unknown)}"
    return data


def _files(entry: Path) -> list[Path]:
    if entry.is_file():
        return [entry]
    return sorted(p for p in entry.rglob("*") if p.is_file())


def expected(rule_id: str, entry: Path) -> Counter:
    """Counter of (relative file path, line) -> how many findings of `rule_id`."""
    found: Counter = Counter()
    for f in _files(entry):
        if f.name == OPTIONS:
            continue
        lines = f.read_text(encoding="utf-8-sig").splitlines()
        pending: list[str] = []
        for number, line in enumerate(lines, start=1):
            m = _EXPECT.match(line)
            if m:
                pending.extend(x.strip() for x in m.group(1).split(","))
                continue
            if pending:
                for rid in pending:
                    if rid == rule_id:
                        found[(f.as_posix(), number)] += 1
                pending = []
    return found

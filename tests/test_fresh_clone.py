"""The README's test command works in a fresh clone: nothing is read from outside the
checkout except the optional corpus, and tests that need it skip saying what they need."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from fixture_support import ROOT

TESTS = ROOT / "tests"


def test_tests_read_nothing_next_to_the_checkout_but_the_corpus():
    """A path built from the checkout's parent folder only exists in one workspace."""
    outside = re.compile(r"parents\[2\]|ROOT\.parent|\.\./shared|[\"']shared[\"']")
    offenders = [f"{p.name}:{n}" for p in sorted(TESTS.glob("*.py")) if p.name != "fixture_support.py"
                 for n, line in enumerate(p.read_text().splitlines(), 1) if outside.search(line)]
    assert offenders == []


def test_sarif_schema_ships_with_the_tests_and_names_its_source():
    schema = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    notice = (TESTS / "data" / "README.md").read_text()
    assert "oasis-tcs/sarif-spec" in notice and "OASIS IPR Policy" in notice


def test_corpus_tests_skip_saying_what_they_need(tmp_path: Path):
    users = sorted(str(p) for p in TESTS.glob("test_*.py") if "needs_corpus(" in p.read_text())
    assert len(users) >= 5
    missing = tmp_path / "no-corpus"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "corpus", "-rs", "-p", "no:cacheprovider", *users],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**__import__("os").environ, "IACGATE_CORPUS": str(missing)})
    summary = proc.stdout.splitlines()
    skips = [line for line in summary if line.startswith("SKIPPED")]
    assert len(skips) >= 10, proc.stdout[-3000:]
    for line in skips:
        assert f"needs the real-world corpus folder {missing}" in line and "IACGATE_CORPUS" in line, line
    assert re.search(r"\b\d+ skipped\b", proc.stdout) and " passed" not in proc.stdout \
        and " failed" not in proc.stdout, proc.stdout[-3000:]


def test_readme_says_what_the_corpus_tests_need():
    readme = (ROOT / "README.md").read_text()
    assert "IACGATE_CORPUS" in readme and "pytest -m corpus" in readme

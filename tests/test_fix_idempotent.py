"""Applying every fix (unsafe ones included) to all fixtures and to a copy of the shared
corpus: a second run changes nothing, no file stops parsing, no comment line is lost."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from fixture_support import CORPUS, FIXTURES

from linter.engine import ScanOptions, scan
from linter.fix.runner import fix_findings, write

SUFFIXES = (".tf", ".yml", ".yaml")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in SUFFIXES}


def _fix_all(root: Path) -> Counter:
    """Fix everything under `root` in place; returns parse errors per file before."""
    options = ScanOptions(targets=[str(root)])
    result = scan(options)
    assert not write(fix_findings(result, options, unsafe=True))
    return Counter(f.path for f in result.findings if f.rule_id == "IAC001")


def _comments(data: bytes) -> Counter:
    lines = data.decode("utf-8-sig", errors="replace").splitlines()
    return Counter(line.strip() for line in lines if line.strip().startswith(("#", "//")))


def _check_tree(root: Path, monkeypatch) -> int:
    monkeypatch.chdir(root)
    original = _snapshot(root)
    broken_before = _fix_all(root)
    once = _snapshot(root)
    broken_after = _fix_all(root)
    twice = _snapshot(root)
    changed = [p for p in once if once[p] != original[p]]
    assert changed, "no fix was applied at all"
    again = [p for p in twice if twice[p] != once[p]]
    assert not again, f"a second run changed {again[:5]}"
    assert broken_after == broken_before, "a fix broke a parse"
    for path in changed:
        lost = _comments(original[path]) - _comments(once[path])
        assert not lost, f"{path} lost comment lines {sorted(lost)[:3]}"
    return len(changed)


def test_fixes_on_every_fixture_are_idempotent_and_keep_comments(tmp_path, monkeypatch):
    root = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, root)
    assert _check_tree(root, monkeypatch) > 40


def test_fixes_on_the_corpus_are_idempotent_and_keep_comments(tmp_path, monkeypatch):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not here ({CORPUS}): corpus part of the fix check skipped")
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root, symlinks=True)
    assert _check_tree(root, monkeypatch) > 100

"""The fuzzer (benchmarks/fuzz.py): a seeded round of about a minute, its failure
finding (bisection to one mutant), and every saved regression fixture.

The full round is one command (see docs/robustness.md):
    python benchmarks/fuzz.py --mutants 10000 --seed 1
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("iacgate_fuzz", ROOT / "benchmarks" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
sys.modules["iacgate_fuzz"] = fuzz
_spec.loader.exec_module(fuzz)

REGRESSIONS = sorted(p for p in (ROOT / "tests" / "fuzz_regressions").iterdir() if p.is_dir())


def test_seeded_round_finds_nothing():
    """About a minute of mutants of every kind (from the corpus when it is there, else the
    fixtures): no exit 2/3, no traceback, no IAC006/IAC007, no run over 30 s."""
    totals = fuzz.fuzz(200, seed=20261207, corpus=fuzz.corpus_dir(), batch_size=25, jobs=2,
                       budget_s=60, log=lambda s: None)
    assert set(totals.mutants) == set(fuzz.KINDS), totals.mutants
    assert not totals.failures, fuzz.report(totals)
    assert totals.exit_codes[2] == totals.exit_codes[3] == 0 and totals.tracebacks == 0
    assert totals.findings["IAC001"] > 0  # the mutations do break files: the round tests something


def test_mutants_are_reproducible_and_of_every_kind():
    pool = fuzz.seeds(None)
    assert all(pool[k] for k in fuzz.KINDS)
    a = fuzz.mutants(pool, 40, seed=5)
    b = fuzz.mutants(pool, 40, seed=5)
    assert [m.text for m in a] == [m.text for m in b]
    assert {m.seed.kind for m in a} == set(fuzz.KINDS)
    assert sum(m.text != m.seed.text for m in a) >= 35


def test_a_failing_batch_is_bisected_to_its_mutant(tmp_path, monkeypatch):
    """The bisection finds the one mutant that fails, and it is saved as a fixture."""
    pool = fuzz.seeds(None)
    batch = fuzz.mutants(pool, 13, seed=9)
    batch[8].text += "\nBOOM\n"

    def fake_run(folder: Path, timeout: float = 0) -> object:
        boom = any("BOOM" in p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())
        return fuzz.RunResult(3 if boom else 0, 0.1, 10, False, [], "internal error" if boom else "")

    monkeypatch.setattr(fuzz, "run_cli", fake_run)
    monkeypatch.setattr(fuzz, "REGRESSIONS", tmp_path)
    totals = fuzz.Totals()
    fuzz.run_batch(batch, tmp_path, totals)
    assert len(totals.failures) == 1 and totals.failures[0].mutant is batch[8]
    assert totals.failures[0].reason.startswith("exit 3")
    saved = fuzz.save_regression(totals.failures[0])
    assert (saved / batch[8].seed.place).read_text().endswith("BOOM\n")


@pytest.mark.parametrize("folder", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_regression_fixture(folder: Path):
    """A mutant the fuzzer (or a person) once broke iacgate with: scanned cleanly now."""
    result = fuzz.run_cli(folder)
    assert fuzz._verdict(result) is None, (fuzz._verdict(result), result.stderr[-500:])

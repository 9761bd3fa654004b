"""Every rule against its own fixtures: exact rule and line, nothing more, nothing less.

Any engine finding on a fixture fails the test (a file that does not parse, a duplicate
key, a rule that could not evaluate a resource): a crashed rule must never look quiet.
"""

from __future__ import annotations

from collections import Counter

import pytest
from fixture_support import OPTIONS, ROOT, expected, fixture_cases, fixture_options

from linter.engine import ScanOptions, scan
from linter.rules import load_rules

CASES = fixture_cases()
KINDS = {r.id: r.kind for r in load_rules()}


def run_fixture(rule_id: str, entry, monkeypatch) -> list:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("IACGATE_RULE_ERRORS", raising=False)  # IAC006 is asserted on below
    rel = entry.relative_to(ROOT)
    options = ScanOptions(targets=[str(rel)], select=[rule_id], force_kind=KINDS.get(rule_id),
                          exclude=[f"**/{OPTIONS}", OPTIONS])
    extra = fixture_options(rel)
    options.kind_options = extra.get("kind_options", {})
    options.rule_params = extra.get("rule_params", {})
    return scan(options).findings


@pytest.mark.parametrize("rule_id,entry", CASES, ids=[f"{r}/{e.name}" for r, e in CASES])
def test_fixture(rule_id, entry, monkeypatch):
    findings = run_fixture(rule_id, entry, monkeypatch)
    rel = entry.relative_to(ROOT)
    engine = [f for f in findings if f.rule_id.startswith("IAC") and f.rule_id != rule_id]
    assert not engine, "\n".join(f"{f.path}:{f.line} {f.rule_id} {f.message}" for f in engine)
    got = Counter((f.path, f.line) for f in findings if f.rule_id == rule_id)
    want = expected(rule_id, rel)
    if entry.name.startswith("good"):
        assert not got, f"good fixture has findings: {sorted(got)}"
    else:
        assert want, f"bad fixture {rel} declares no '# expect: {rule_id}'"
        assert got == want, (f"\nexpected: {sorted(want.elements())}\n"
                             f"got:      {sorted(got.elements())}")


def test_a_crashing_rule_fails_its_fixture_test(monkeypatch, tmp_path):
    """The harness itself: a rule that raises gives IAC006, which the test rejects."""
    import linter.rules as rules_mod

    rule = next(r for r in load_rules() if r.id == "K8S001")
    entry = next(e for r, e in CASES if r == "K8S001" and e.name.startswith("good"))

    def boom(subject, params):
        raise RuntimeError("deliberately broken")

    broken = rules_mod.Rule(**{**rule.__dict__, "match": None, "_check": boom,
                               "check_file": tmp_path / "x.py"})
    monkeypatch.setattr("linter.engine.load_rules", lambda *a, **k: [broken])
    findings = run_fixture("K8S001", entry, monkeypatch)
    assert [f.rule_id for f in findings] and {f.rule_id for f in findings} == {"IAC006"}

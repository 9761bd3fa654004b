"""Every rule against its own fixtures: exact rule and line, nothing more, nothing less."""

from __future__ import annotations

import os
from collections import Counter

import pytest
from fixture_support import ROOT, expected, fixture_cases

from linter.engine import ScanOptions, scan
from linter.rules import load_rules

CASES = fixture_cases()


@pytest.mark.parametrize("rule_id,entry", CASES, ids=[f"{r}/{e.name}" for r, e in CASES])
def test_fixture(rule_id, entry, monkeypatch):
    monkeypatch.chdir(ROOT)
    rel = entry.relative_to(ROOT)
    kind = next((r.kind for r in load_rules() if r.id == rule_id), None)
    options = ScanOptions(targets=[str(rel)], select=[rule_id], force_kind=kind)
    extra = rel.parent / "options.yaml"
    if extra.is_file():
        import yaml

        data = yaml.safe_load(extra.read_text()) or {}
        options.kind_options = data.get("kind_options", {})
        options.rule_params = data.get("rule_params", {})
    result = scan(options)
    got = Counter((f.path, f.line) for f in result.findings if f.rule_id == rule_id)
    others = [f for f in result.findings if f.rule_id != rule_id and f.rule_id == "IAC001"]
    assert not others, f"fixture does not parse: {others[0].path}:{others[0].line} {others[0].message}"
    want = expected(rule_id, rel)
    if entry.name.startswith("good"):
        assert not got, f"good fixture has findings: {sorted(got)}"
    else:
        assert want, f"bad fixture {rel} declares no '# expect: {rule_id}'"
        assert got == want, (f"\nexpected: {sorted(want.elements())}\n"
                             f"got:      {sorted(got.elements())}")
    assert os.path.exists(entry)

"""The rule set as a whole: schema-valid, unique ids, fixtures for all, docs current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from fixture_support import FIXTURES, ROOT, RULES, expected

from linter.diagnostics import ENGINE_RULES
from linter.ruledocs import markdown
from linter.rules import load_rule, load_rules

RULE_FILES = sorted(p for p in RULES.rglob("*.y*ml"))
SCHEMA = json.loads((ROOT / "linter" / "schemas" / "rule.schema.json").read_text())


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.name for p in RULE_FILES])
def test_rule_file_is_valid(path: Path):
    data = yaml.safe_load(path.read_text())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    rule = load_rule(path, path.parent.name)
    assert path.name == f"{rule.id}-{rule.name}.yaml"
    assert path.parent.name in ("aws", "gcp", "azure", "kubernetes", "github-actions", "gitlab-ci")


def test_ids_are_unique_and_every_rule_has_fixtures():
    rules = load_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for rule in list(rules) + [r for r in ENGINE_RULES.values() if r.id in ("IAC001", "IAC003")]:
        folder = FIXTURES / rule.id
        assert folder.is_dir(), f"{rule.id} has no fixtures/{rule.id}/"
        bad = sorted(folder.glob("bad*"))
        good = sorted(folder.glob("good*"))
        assert bad and good, f"{rule.id} needs a bad* and a good* fixture"
        for entry in bad:
            assert expected(rule.id, entry.relative_to(ROOT) if entry.is_absolute() else entry), \
                f"{entry} declares no expected finding"


def test_fixture_folders_name_real_rules():
    ids = {r.id for r in load_rules()} | set(ENGINE_RULES)
    for folder in FIXTURES.iterdir():
        if folder.is_dir():
            assert folder.name in ids, f"fixtures/{folder.name} has no rule"


def test_docs_rules_md_is_current():
    from linter.ruledocs import all_rules

    current = markdown(all_rules())
    doc = ROOT / "docs" / "rules.md"
    assert doc.is_file(), "docs/rules.md is missing: iacgate rules list --format markdown > docs/rules.md"
    assert doc.read_text() == current, "docs/rules.md is stale: iacgate rules list --format markdown > docs/rules.md"


def test_readme_counts_match_the_rule_set():
    import re

    from linter.ruledocs import all_rules

    rules = all_rules()
    readme = (ROOT / "README.md").read_text()
    packs = {}
    for r in rules:
        packs[r.pack] = packs.get(r.pack, 0) + 1
    total = re.search(r"(\d+) rules: (\d+) in six packs", readme)
    assert total and int(total.group(1)) == len(rules), "README: update the rule count"
    assert int(total.group(2)) == len(rules) - packs.get("iacgate", 0)
    for pack, count in packs.items():
        if pack == "iacgate":
            continue
        row = re.search(rf"\| `{re.escape(pack)}` \| (\d+) \|", readme)
        assert row and int(row.group(1)) == count, f"README: the {pack} row should say {count}"


def test_every_rule_is_explained_with_its_examples():
    """`iacgate rules explain` for every rule, whatever shape its fixtures take (files or
    folders): the text names the rule and shows a bad and a good example."""
    from linter.ruledocs import all_rules, explain

    for rule in all_rules():
        text = explain(rule.id)
        assert text and text.startswith(f"{rule.id} {rule.name}"), rule.id
        if rule.pack != "iacgate":
            assert "Bad example (" in text and "Good example (" in text, rule.id
            assert "expect:" not in text, rule.id


def _non_default(value, default) -> bool:
    return value != default


def test_every_rule_parameter_is_tested_with_a_non_default_value():
    """A fixture folder's options.yaml sets each parameter of each rule to another value than
    the rule's default at least once, so a parameter that is read wrongly fails a fixture."""
    import yaml

    from linter.ruledocs import all_rules

    tested: dict[str, dict[str, list]] = {}
    for options in (ROOT / "fixtures").glob("*/*/options.yaml"):
        data = yaml.safe_load(options.read_text()) or {}
        for rule_id, params in (data.get("rule_params") or {}).items():
            for name, value in params.items():
                tested.setdefault(rule_id, {}).setdefault(name, []).append(value)
    # Rules whose check is one shared function (a data-driven check such as the control-plane
    # flag checks) read their parameters through the same code: one test covers them all.
    rules = all_rules()
    readers: dict[int, list] = {}
    for rule in rules:
        if rule.check_file is not None and rule.params:
            readers.setdefault(id(rule.check), []).append(rule)
    missing = []
    for rule in rules:
        siblings = readers.get(id(rule.check), [rule]) if rule.check_file is not None else [rule]
        for name in rule.params:
            values = [v for other in siblings for v in tested.get(other.id, {}).get(name, [])
                      if _non_default(v, other.params.get(name))]
            if not values:
                missing.append(f"{rule.id}.{name}")
    assert not missing, ("parameters never tested with a non-default value (add a fixture folder "
                         f"fixtures/<ID>/bad-params/ with an options.yaml): {missing}")


def test_the_tests_run_this_checkout_not_an_installed_copy():
    """In-process and in subprocesses (the CLI, the `iacgate` command by name), the code under
    test is this checkout's, even where an older iacgate is installed in the environment."""
    import os
    import shutil
    import subprocess
    import sys

    import linter

    assert Path(linter.__file__).resolve().is_relative_to(ROOT)
    probe = "import linter, sys; sys.stdout.write(linter.__file__)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd="/")
    assert Path(out.stdout).resolve().is_relative_to(ROOT)
    command = shutil.which("iacgate")
    assert command and subprocess.run([command, "--version"], capture_output=True, text=True,
                                      env=dict(os.environ)).returncode == 0
    assert Path(command).read_text().count("-m linter.cli") == 1

"""Rule files read ahead of time (`_parsed.json`): always fresh in the repository, and
never trusted over a rule file that changed since."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from linter import rulebundle
from linter.rules import bundled_rules_dir, load_rule

PACKS = sorted(p for p in bundled_rules_dir().iterdir() if p.is_dir() and any(p.glob("*.yaml")))


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_bundle_is_fresh(pack: Path):
    bundle = pack / rulebundle.BUNDLE_NAME
    assert bundle.is_file() and bundle.read_text(encoding="utf-8") == rulebundle.render(pack), (
        f"{bundle} is stale: run `python -m linter.rulebundle`")


def _copy_rule(tmp_path: Path) -> Path:
    source = bundled_rules_dir() / "kubernetes"
    rule = next(p for p in sorted(source.glob("K8S*.yaml")) if not p.with_suffix(".py").exists())
    folder = tmp_path / "kubernetes"
    folder.mkdir()
    shutil.copy(rule, folder / rule.name)
    (folder / rulebundle.BUNDLE_NAME).write_text(rulebundle.render(folder), encoding="utf-8")
    return folder / rule.name


def test_an_edited_rule_is_read_from_its_yaml_not_the_bundle(tmp_path: Path):
    path = _copy_rule(tmp_path)
    assert load_rule(path, "kubernetes").severity.name.lower() != "info"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("severity:"))
    path.write_text(text.replace(old, "severity: info"), encoding="utf-8")
    rulebundle._bundle.cache_clear()
    assert load_rule(path, "kubernetes").severity.name.lower() == "info"


def test_a_broken_bundle_is_ignored(tmp_path: Path):
    path = _copy_rule(tmp_path)
    (path.parent / rulebundle.BUNDLE_NAME).write_text("{not json", encoding="utf-8")
    rulebundle._bundle.cache_clear()
    assert load_rule(path, "kubernetes").id == path.name[:6]


def test_keys_json_cannot_hold_survive_the_round_trip(tmp_path: Path):
    folder = tmp_path / "pack"
    folder.mkdir()
    rule = next((bundled_rules_dir() / "gcp").glob("GCP047-*.yaml"))
    shutil.copy(rule, folder / rule.name)
    (folder / rulebundle.BUNDLE_NAME).write_text(rulebundle.render(folder), encoding="utf-8")
    rulebundle._bundle.cache_clear()
    data = rulebundle.cached_data(folder / rule.name, (folder / rule.name).read_bytes())
    assert data is not None and data["params"]["ports"][22 if 22 in data["params"]["ports"] else 3306]

"""Splitting a scan: units that must stay together, parts dealt by size, and the same
findings whether the scan runs in one process, in several, or in shards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_support import FIXTURES

from linter import engine, partition
from linter.discovery import SourceFile
from linter.engine import ScanOptions, scan
from linter.kinds.github_actions import units as gha_units
from linter.kinds.terraform import units as tf_units


def test_terraform_folder_and_the_local_modules_it_calls_are_one_unit(tmp_path):
    files = [
        (str(tmp_path / "live" / "main.tf"), 'module "net" {\n  source = "../modules/net"\n}\n'),
        (str(tmp_path / "modules" / "net" / "main.tf"), 'module "sg" {\n  source = "./sg"\n}\n'),
        (str(tmp_path / "modules" / "net" / "sg" / "main.tf"), 'resource "a" "b" {}\n'),
        (str(tmp_path / "other" / "main.tf"), 'resource "a" "c" {}\n'),
        (str(tmp_path / "other" / "vars.tfvars"), 'x = 1\n'),
        (str(tmp_path / "registry" / "main.tf"), 'module "m" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n'),
    ]
    groups = sorted(sorted(g) for g in tf_units(files))
    assert groups == [[0, 1, 2], [3, 4], [5]]


def test_terraform_plan_files_keep_everything_together(tmp_path):
    files = [(str(tmp_path / "a" / "main.tf"), ""), (str(tmp_path / "b" / "main.tf"), ""),
             (str(tmp_path / "plan.json"), '{"format_version": "1.2", "planned_values": {}}')]
    assert [sorted(g) for g in tf_units(files)] == [[0, 1, 2]]


def test_github_actions_units_are_repositories(tmp_path):
    for repo in ("one", "two"):
        (tmp_path / repo / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "one" / "tools" / "act").mkdir(parents=True)
    files = [(str(tmp_path / "one" / ".github" / "workflows" / "a.yml"), ""),
             (str(tmp_path / "one" / ".github" / "workflows" / "b.yml"), ""),
             (str(tmp_path / "one" / "tools" / "act" / "action.yml"), ""),
             (str(tmp_path / "two" / ".github" / "workflows" / "c.yml"), "")]
    assert sorted(sorted(g) for g in gha_units(files)) == [[0, 1, 2], [3]]


def test_deal_is_balanced_and_does_not_depend_on_discovery_order():
    units = [[SourceFile(Path(f"u{i}/main.tf"), "terraform", "x" * (1000 * (i + 1)))] for i in range(7)]
    bins = partition.deal(3, units)
    again = partition.deal(3, list(reversed(units)))
    names = [[str(u[0].path) for u in b] for b in bins]
    assert names == [[str(u[0].path) for u in b] for b in again]
    loads = [sum(partition.size(u) for u in b) for b in bins]
    assert max(loads) - min(loads) <= 7 * 1000 + 3 * 512


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A scan of every kind: the bad fixtures of a few rules of each pack."""
    for rule in ("AWS001", "AWS008", "AWS021", "GCP001", "AZR001", "K8S001", "K8S027",
                 "GHA001", "GHA003", "GHA011", "GLC001", "GLC003"):
        for entry in (FIXTURES / rule).iterdir():
            if entry.name.startswith("bad"):
                target = tmp_path / rule / entry.name
                if entry.is_dir():
                    shutil.copytree(entry, target)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(entry, target)
    return tmp_path


def _keys(result) -> list[tuple]:
    return sorted((f.rule_id, f.path, f.line, f.fingerprint) for f in result.findings)


def test_the_whole_pipeline_in_two_processes_finds_exactly_what_one_process_finds(tree, monkeypatch):
    monkeypatch.chdir(tree)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 2)
    one = scan(ScanOptions(targets=["."], jobs=1))
    two = scan(ScanOptions(targets=["."], jobs=2))
    assert (one.processes, two.processes) == (1, 2)
    assert _keys(one) and _keys(one) == _keys(two)
    assert sorted(one.files) == sorted(two.files)

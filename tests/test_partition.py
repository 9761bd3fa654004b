"""Splitting a scan: units that must stay together, parts dealt by size, and the same
findings whether the scan runs in one process, in several, or in shards."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "linter.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def _report(path: Path) -> dict:
    return json.loads(path.read_text())


def test_three_shards_merged_equal_the_unsharded_scan(tree):
    """Fingerprints, summary and exit code of `scan` and of `scan --shard K/3` x3 + `merge`."""
    import datetime

    expires = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
    (tree / ".iacgate-exceptions.yaml").write_text(
        "exceptions:\n"
        "  - rule: AWS001\n    path: 'AWS001/*'\n    reason: public website bucket, reviewed\n"
        f"    owner: web-team\n    expires: '{expires}'\n    ticket: SEC-1\n"
        "  - rule: K8S001\n    path: 'nowhere/*'\n    reason: unused on purpose\n"
        f"    owner: platform\n    expires: '{expires}'\n    ticket: SEC-2\n")
    whole = _cli("scan", ".", "--format", "json", "--output", "whole.json", "--no-progress", cwd=tree)
    assert whole.returncode in (0, 1), whole.stderr
    shards = []
    for k in (1, 2, 3):
        out = _cli("scan", ".", "--shard", f"{k}/3", "--format", "json", "--output", f"s{k}.json",
                   "--no-progress", cwd=tree)
        assert out.returncode in (0, 1), out.stderr
        shards.append(_report(tree / f"s{k}.json"))
    assert all(s["findings"] or s["shard"]["files"] for s in shards)
    assert sum(bool(s["shard"]["files"]) for s in shards) >= 2  # the work was really split
    merged = _cli("merge", "s1.json", "s2.json", "s3.json", "--format", "json", "--output", "merged.json",
                  cwd=tree)
    assert merged.returncode == whole.returncode, merged.stderr
    a, b = _report(tree / "whole.json"), _report(tree / "merged.json")
    key = lambda f: (f["rule_id"], f["path"], f["line"], f["fingerprint"], bool(f["waiver"]))  # noqa: E731
    assert sorted(map(key, a["findings"])) == sorted(map(key, b["findings"]))
    assert a["summary"] == b["summary"]
    assert [f["rule_id"] for f in b["findings"]].count("IAC005") == 1  # unused in every shard
    assert a["governance"]["unused_exceptions"] == b["governance"]["unused_exceptions"]
    sarif = _cli("merge", "s1.json", "s2.json", "s3.json", "-o", "sarif=merged.sarif", cwd=tree)
    assert sarif.returncode == whole.returncode
    assert len(_report(tree / "merged.sarif")["runs"][0]["results"]) == len(b["findings"])


def test_merge_refuses_incomplete_or_foreign_reports(tree):
    for k in (1, 2):
        _cli("scan", ".", "--shard", f"{k}/2", "--format", "json", "--output", f"s{k}.json", cwd=tree)
    _cli("scan", ".", "--format", "json", "--output", "plain.json", cwd=tree)
    missing = _cli("merge", "s1.json", cwd=tree)
    assert missing.returncode == 2 and "shards missing: 2/2" in missing.stderr
    twice = _cli("merge", "s1.json", "s1.json", "s2.json", cwd=tree)
    assert twice.returncode == 2 and "given twice" in twice.stderr
    plain = _cli("merge", "plain.json", cwd=tree)
    assert plain.returncode == 2 and "not a shard report" in plain.stderr
    bad = _cli("scan", ".", "--shard", "4/3", cwd=tree)
    assert bad.returncode == 2 and "K must be between 1 and N" in bad.stderr


class _Unreadable:
    """Pickles, but cannot be unpickled (like a value type whose __new__ needs arguments)."""

    def __reduce__(self):
        return (_Unreadable._fail, ())

    @staticmethod
    def _fail():
        raise TypeError("cannot rebuild")


def _unreadable_share(index: int):
    return _Unreadable()


def test_a_worker_whose_result_cannot_be_read_never_hangs_the_scan(tree, monkeypatch):
    """The scan goes on in this process, with the same findings, instead of waiting forever."""
    monkeypatch.chdir(tree)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 2)
    monkeypatch.delenv("IACGATE_RULE_ERRORS", raising=False)
    expected = _keys(scan(ScanOptions(targets=["."], jobs=1)))
    monkeypatch.setattr(engine, "_scan_share", _unreadable_share)
    result = scan(ScanOptions(targets=["."], jobs=2))
    assert result.processes == 1 and _keys(result) == expected


def test_jsonencode_values_cross_process_boundaries():
    import pickle

    from linter.kinds.terraform import JsonText

    text = JsonText('{"a":1}', {"a": 1})
    back = pickle.loads(pickle.dumps(text))
    assert back == text and back.value == {"a": 1} and isinstance(back, JsonText)

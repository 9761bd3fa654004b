"""Rough edges a new user hits: `init` next to an existing config, diff mode run from
another folder, register entries for rules that do not exist or that never expire,
`rules explain` examples, and the GitLab CI template."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from test_governance_baseline import git
from test_governance_support import BUCKETS_TF, pack_fixture, run, scan_json, write  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def test_init_exceptions_adds_only_what_is_missing(pack):
    write(pack, {".iacgate.yaml": "fail_on: medium\n"})
    code, _, err = run("init", "--exceptions")
    assert code == 0, err
    assert (pack / ".iacgate.yaml").read_text() == "fail_on: medium\n"  # kept as it was
    assert "wrote .iacgate-exceptions.yaml" in err and "kept .iacgate.yaml" in err
    assert "exceptions:" in (pack / ".iacgate-exceptions.yaml").read_text()
    code, _, err = run("init", "--exceptions")
    assert code == 2 and "already exist" in err


def test_init_counts_a_config_under_its_other_name(pack):
    write(pack, {".iacgate.yml": "fail_on: low\n"})
    code, _, err = run("init", "--exceptions")
    assert code == 0 and "kept .iacgate.yml" in err and not (pack / ".iacgate.yaml").exists()


def _repo_with_change(folder: Path) -> None:
    write(folder, {"main.tf": BUCKETS_TF, "old.tf": BUCKETS_TF})
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "base")
    write(folder, {"main.tf": BUCKETS_TF.replace('bucket        = "doomed"', 'bucket        = "doomed2"')})


def test_diff_base_runs_git_in_the_scanned_repository(pack, tmp_path):
    repo = tmp_path / "elsewhere" / "repo"
    repo.mkdir(parents=True)
    _repo_with_change(repo)
    code, report, err = scan_json(str(repo), "--diff-base", "HEAD", "--select", "AWS901,AWS902")
    assert code == 1, err
    got = sorted((Path(f["path"]).name, f["rule_id"]) for f in report["findings"])
    assert got == [("main.tf", "AWS902")]


def test_diff_base_names_a_bad_ref(pack):
    _repo_with_change(pack)
    code, _, err = run("scan", "--diff-base", "origin/no-such-branch")
    assert code == 2
    assert "origin/no-such-branch" in err and "git failed" not in err
    assert "fetch" in err  # says what to do about it


def test_register_rejects_a_rule_that_does_not_exist(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": """
        - rule: AWS9O2
          path: main.tf
          reason: typo in the id
          owner: a@example.com
          expires: 2026-07-01
    """})
    code, _, err = run("scan")
    assert code == 2
    assert ".iacgate-exceptions.yaml:1" in err and "AWS9O2" in err and "no rule" in err


def test_register_caps_the_expiry_date(pack):
    entry = """
        - rule: AWS902
          path: main.tf
          reason: forever
          owner: a@example.com
          expires: {date}
    """
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": entry.format(date="9999-12-31")})
    code, _, err = run("scan")  # today is 2026-06-15 in these tests
    assert code == 2
    assert ".iacgate-exceptions.yaml:5" in err and "9999-12-31" in err and "365 days" in err
    assert "exceptions_max_days" in err
    write(pack, {".iacgate-exceptions.yaml": entry.format(date="2027-06-15")})
    code, report, _ = scan_json("--select", "AWS902")
    assert code == 0 and report["findings"][0]["waiver"]["kind"] == "exception"
    write(pack, {".iacgate-exceptions.yaml": entry.format(date="2027-06-16")})
    assert run("scan")[0] == 2
    write(pack, {".iacgate.yaml": "exceptions_max_days: 730\n"})
    code, report, _ = scan_json("--select", "AWS902")
    assert code == 0 and report["findings"][0]["waiver"]["kind"] == "exception"


def test_rules_explain_shows_examples_without_test_markers():
    from linter.ruledocs import explain

    for rule_id in ("AWS001", "K8S001", "GHA001", "GLC001"):
        text = explain(rule_id)
        assert "Bad example" in text, rule_id
        assert "expect:" not in text, rule_id


GITLAB = ROOT / "ci" / "gitlab-iacgate.yml"


def _job() -> dict:
    return yaml.safe_load(GITLAB.read_text())["iacgate"]


def test_gitlab_template_image_has_git():
    image = _job()["variables"]["IACGATE_IMAGE"]
    assert image.startswith("python:3") and "slim" not in image and "alpine" not in image


def test_gitlab_template_does_not_glob_expand_arguments(tmp_path: Path):
    write(tmp_path, {"site.tf": 'resource "aws_s3_bucket_acl" "a" {\n  acl = "public-read"\n}\n',
                     "examples/one.tf": 'resource "aws_s3_bucket_acl" "b" {\n  acl = "public-read"\n}\n',
                     "examples/two.tf": 'resource "aws_s3_bucket_acl" "c" {\n  acl = "public-read"\n}\n'})
    env = dict(os.environ, IACGATE_PATHS=".", IACGATE_ARGS="--select AWS001 --exclude examples/*",
               IACGATE_DIFF="true")
    env.pop("CI_MERGE_REQUEST_DIFF_BASE_SHA", None)
    env["PATH"] = env["PATH"] + os.pathsep + str(Path(sys.executable).parent)
    proc = subprocess.run(["sh", "-c", _job()["script"][-1]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    issues = json.loads((tmp_path / "gl-code-quality-report.json").read_text())
    assert [i["location"]["path"] for i in issues] == ["site.tf"]


def test_gitlab_template_says_when_git_is_missing(tmp_path: Path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "iacgate"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m linter.cli "$@"\n')
    shim.chmod(0o755)
    (tmp_path / "site.tf").write_text('resource "aws_s3_bucket" "a" {}\n')
    env = {"PATH": str(bin_dir), "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
           "IACGATE_PATHS": ".", "IACGATE_ARGS": "", "IACGATE_DIFF": "true",
           "CI_MERGE_REQUEST_DIFF_BASE_SHA": "0123456789abcdef0123456789abcdef01234567"}
    proc = subprocess.run(["/bin/sh", "-c", _job()["script"][-1]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "git" in proc.stderr and "IACGATE_IMAGE" in proc.stderr

"""Baseline (survives line shifts, lists stale entries) and diff mode on a real git repo."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from test_governance_support import (  # noqa: F401
    BUCKETS_TF,
    findings,
    pack_fixture,
    run,
    scan_json,
    write,
)


def test_baseline_create_records_active_findings(pack):
    write(pack, {"main.tf": BUCKETS_TF, "broken.tf": "resource {\n"})
    code, _, err = run("baseline", "create", "--output", "baseline.json", "--select", "AWS901,AWS902")
    assert code == 0
    doc = json.loads((pack / "baseline.json").read_text())
    assert doc["version"] == 1
    entries = [(e["rule"], e["path"], e["resource"], e["line"]) for e in doc["findings"]]
    assert entries == [("AWS901", "main.tf", "aws_s3_bucket.public", 3),
                       ("AWS902", "main.tf", "aws_s3_bucket.doomed", 11)]
    assert all(len(e["fingerprint"]) == 32 for e in doc["findings"])
    assert "2 findings recorded" in err and "parse errors not recorded" in err


def test_baseline_survives_a_line_shift_and_fails_only_on_new_findings(pack):
    write(pack, {"main.tf": BUCKETS_TF})
    assert run("baseline", "create", "--output", ".iacgate-baseline.json")[0] == 0
    shifted = "# a new comment\n\n" + BUCKETS_TF + """
resource "aws_s3_bucket" "fresh" {
  acl = "public-read-write"
  logging {
    target_bucket = "logs"
  }
}
"""
    write(pack, {"main.tf": shifted})
    code, report, err = scan_json("--baseline", ".iacgate-baseline.json")
    assert findings(report) == [("AWS901", 5, "baseline"), ("AWS902", 13, "baseline"),
                                ("AWS901", 20, None)]
    assert code == 1
    write(pack, {"main.tf": "# a new comment\n\n" + BUCKETS_TF})
    code, report, _ = scan_json("--baseline", ".iacgate-baseline.json")
    assert code == 0 and report["summary"]["waived"] == 2


def test_stale_baseline_entries_are_listed(pack):
    write(pack, {"main.tf": BUCKETS_TF})
    run("baseline", "create", "--output", "base.json")
    write(pack, {"main.tf": BUCKETS_TF.replace("force_destroy = true", "force_destroy = false")})
    code, report, err = scan_json("--baseline", "base.json")
    assert code == 0
    stale = report["governance"]["stale_baseline_entries"]
    assert [(s["rule"], s["path"], s["resource"]) for s in stale] == [
        ("AWS902", "main.tf", "aws_s3_bucket.doomed")]
    assert "1 baseline entries match no finding" in err and "main.tf:11 AWS902" in err


def test_baseline_entries_of_rules_not_run_are_not_stale(pack):
    write(pack, {"main.tf": BUCKETS_TF})
    run("baseline", "create", "--output", "base.json")
    code, report, _ = scan_json("--baseline", "base.json", "--select", "AWS901")
    assert report["governance"]["stale_baseline_entries"] == []
    assert findings(report) == [("AWS901", 3, "baseline")]


def test_baseline_entries_for_files_not_scanned_are_not_stale(pack):
    write(pack, {"a/main.tf": BUCKETS_TF, "b/main.tf": BUCKETS_TF})
    run("baseline", "create", "--output", "base.json")
    code, report, _ = scan_json("a", "--baseline", "base.json")
    assert report["governance"]["stale_baseline_entries"] == []
    assert code == 0


def test_baseline_from_config_and_missing_baseline_is_a_usage_error(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate.yaml": "baseline: ci/base.json\n"})
    code, _, err = run("scan")
    assert code == 2 and "ci/base.json" in err and "baseline create" in err
    (pack / "ci").mkdir()
    assert run("baseline", "create")[0] == 0  # written where the config says
    assert (pack / "ci" / "base.json").is_file()
    code, report, _ = scan_json()
    assert code == 0 and {w for _, _, w in findings(report)} == {"baseline"}


def test_corrupt_baseline_is_a_usage_error(pack):
    write(pack, {"main.tf": BUCKETS_TF, "base.json": "{not json"})
    code, _, err = run("scan", "--baseline", "base.json")
    assert code == 2 and "base.json:1" in err


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout


def test_diff_base_keeps_only_changed_files_and_blocks(pack):
    two_buckets = BUCKETS_TF
    write(pack, {"main.tf": two_buckets, "old.tf": BUCKETS_TF})
    git(pack, "init", "-q")
    git(pack, "add", "-A")
    git(pack, "commit", "-qm", "base")
    # change only the second bucket of main.tf; old.tf untouched; new.tf untracked
    write(pack, {"main.tf": two_buckets.replace('bucket        = "doomed"', 'bucket        = "doomed2"'),
                 "new.tf": 'resource "aws_s3_bucket" "n" {\n  acl = "public-read"\n}\n'})
    code, report, _ = scan_json("--diff-base", "HEAD", "--select", "AWS901,AWS902")
    got = sorted((f["path"], f["rule_id"], f["line"]) for f in report["findings"])
    assert got == [("main.tf", "AWS902", 11), ("new.tf", "AWS901", 2)]
    assert report["governance"]["diff_base"] == "HEAD"
    assert report["governance"]["outside_diff"] == 3
    assert code == 1


def test_diff_base_deleted_lines_count_as_a_change_of_their_block(pack):
    text = BUCKETS_TF.replace('  bucket = "public"\n', '  bucket = "public"\n  tags = {}\n')
    write(pack, {"main.tf": text})
    git(pack, "init", "-q")
    git(pack, "add", "-A")
    git(pack, "commit", "-qm", "base")
    write(pack, {"main.tf": BUCKETS_TF})  # remove `tags` from the first bucket
    code, report, _ = scan_json("--diff-base", "HEAD", "--select", "AWS901,AWS902")
    assert [(f["rule_id"], f["line"]) for f in report["findings"]] == [("AWS901", 3)]


def test_diff_base_with_unknown_ref_or_outside_git_is_a_usage_error(pack):
    write(pack, {"main.tf": BUCKETS_TF})
    code, _, err = run("scan", "--diff-base", "HEAD")
    assert code == 2 and "git" in err
    git(pack, "init", "-q")
    code, _, err = run("scan", "--diff-base", "no-such-branch")
    assert code == 2
    code, _, err = run("scan", "--diff-base", "--output=x")
    assert code == 2


def test_hunk_parsing():
    from linter.governance.diff import hunks

    text = "@@ -3 +3 @@\n-a\n+b\n@@ -10,2 +11,0 @@\n-x\n-y\n@@ -20,0 +21,3 @@\n+1\n+2\n+3\n"
    assert hunks(text) == [(3, 3), (11, 12), (21, 23)]


def test_diff_base_handles_unusual_file_names(pack):
    names = ["my infra.tf", 'q"uote.tf', "ünï.tf"]
    write(pack, {n: BUCKETS_TF for n in names})
    git(pack, "init", "-q")
    git(pack, "add", "-A")
    git(pack, "commit", "-qm", "base")
    write(pack, {n: BUCKETS_TF.replace('bucket = "public"', 'bucket = "public2"') for n in names})
    _, report, _ = scan_json("--diff-base", "HEAD", "--select", "AWS901,AWS902")
    assert sorted((f["path"], f["rule_id"]) for f in report["findings"]) == sorted(
        (n, "AWS901") for n in names)


def test_diff_base_keeps_findings_of_a_changed_kubernetes_object(pack):
    pod = """apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
    - name: app
      image: nginx
      securityContext: {privileged: true}
---
apiVersion: v1
kind: Pod
metadata:
  name: other
spec:
  containers:
    - name: app
      image: nginx
      securityContext: {privileged: true}
"""
    write(pack, {"pods.yaml": pod})
    git(pack, "init", "-q")
    git(pack, "add", "-A")
    git(pack, "commit", "-qm", "base")
    write(pack, {"pods.yaml": pod.replace("labels: {app: web}", "labels: {app: web, tier: front}")})
    _, report, _ = scan_json("--diff-base", "HEAD", "--select", "K8S901")
    assert [(f["rule_id"], f["line"]) for f in report["findings"]] == [("K8S901", 10)]

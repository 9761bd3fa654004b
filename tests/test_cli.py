"""The command as a user runs it (the checkout's code, see conftest.py): exit codes, reports, stdin, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_support import CORPUS, ROOT, needs_corpus

BAD_TF = 'resource "aws_s3_bucket_acl" "reports" {\n  bucket = "r"\n  acl    = "public-read"\n}\n'
GOOD_TF = 'resource "aws_s3_bucket_acl" "reports" {\n  bucket = "r"\n  acl    = "private"\n}\n'


def iacgate(*args: str, cwd: Path | None = None, stdin: str | None = None,
            rule_errors: str = "raise") -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "linter.cli"]
    env = dict(os.environ, NO_COLOR="1", IACGATE_RULE_ERRORS=rule_errors)
    env.pop("IACGATE_DEBUG", None)
    return subprocess.run(cmd + list(args), cwd=cwd, input=stdin, capture_output=True, text=True,
                          env=env, timeout=1200)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "bad.tf").write_text(BAD_TF)
    (tmp_path / "good.tf").write_text(GOOD_TF)
    return tmp_path


def test_version():
    out = iacgate("--version")
    assert out.returncode == 0 and out.stdout.startswith("iacgate ")


def test_findings_fail_the_gate_with_exit_1_and_exact_line(project: Path):
    out = iacgate("scan", ".", cwd=project)
    assert out.returncode == 1, out.stderr
    assert "bad.tf:3:3" in out.stdout and "AWS001" in out.stdout
    assert 'acl    = "public-read"' in out.stdout  # the code frame
    assert "2 files scanned" in out.stderr and "1 critical" in out.stderr


def test_clean_files_exit_0(project: Path):
    out = iacgate("scan", "good.tf", cwd=project)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip() == ""


def test_fail_on_threshold_and_format_do_not_change_each_other(project: Path):
    for fmt in ("text", "json"):
        assert iacgate("scan", ".", "--format", fmt, cwd=project).returncode == 1
    # AWS001 is critical: it still fails at critical, and --ignore makes the gate pass
    assert iacgate("scan", ".", "--fail-on", "critical", cwd=project).returncode == 1
    assert iacgate("scan", ".", "--ignore", "AWS001", cwd=project).returncode == 0
    assert iacgate("scan", ".", "--select", "s3-bucket-public-acl", cwd=project).returncode == 1


def test_json_report_shape(project: Path):
    out = iacgate("scan", ".", "--format", "json", cwd=project)
    doc = json.loads(out.stdout)
    assert doc["version"] == 1
    (f,) = [f for f in doc["findings"] if f["rule_id"] == "AWS001"]
    assert {k: f[k] for k in ("rule_name", "severity", "path", "line", "column", "resource")} == {
        "rule_name": "s3-bucket-public-acl", "severity": "critical", "path": "bad.tf",
        "line": 3, "column": 3, "resource": "aws_s3_bucket_acl.reports"}
    for key in ("confidence", "message", "remediation", "end_line", "end_column", "fingerprint"):
        assert f[key]
    assert doc["summary"]["files_scanned"] == 2


def test_output_file(project: Path):
    out = iacgate("scan", ".", "--format", "json", "--output", "r.json", cwd=project)
    assert out.returncode == 1 and out.stdout == ""
    assert json.loads((project / "r.json").read_text())["findings"]


def test_fingerprint_survives_unrelated_line_moves(project: Path):
    first = json.loads(iacgate("scan", "bad.tf", "--format", "json", cwd=project).stdout)
    (project / "bad.tf").write_text("# a comment\n\n" + BAD_TF)
    second = json.loads(iacgate("scan", "bad.tf", "--format", "json", cwd=project).stdout)
    assert first["findings"][0]["line"] + 2 == second["findings"][0]["line"]
    assert first["findings"][0]["fingerprint"] == second["findings"][0]["fingerprint"]


def test_stdin_with_kind_and_filename():
    out = iacgate("scan", "-", "--kind", "terraform", "--stdin-filename", "infra/s3.tf",
                  "--format", "json", stdin=BAD_TF)
    assert out.returncode == 1
    (f,) = json.loads(out.stdout)["findings"]
    assert f["path"] == "infra/s3.tf" and f["line"] == 3


def test_parse_error_is_a_failing_finding_not_a_traceback(project: Path):
    (project / "broken.tf").write_text('resource "a" "b" {\n  x = 1\n  y = = 2\n}\n')
    (project / "broken.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: [\n")
    out = iacgate("scan", ".", "--format", "json", cwd=project)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    errors = {(f["path"], f["line"]) for f in json.loads(out.stdout)["findings"] if f["rule_id"] == "IAC001"}
    assert ("broken.tf", 3) in errors and ("broken.yaml", 4) in errors


def test_parse_error_is_not_hidden_by_select(project: Path):
    (project / "broken.tf").write_text('resource "a" "b" {\n')
    out = iacgate("scan", ".", "--select", "K8S001", cwd=project)
    assert out.returncode == 1 and "IAC001" in out.stdout


def test_usage_errors_exit_2(project: Path):
    assert iacgate("scan", "--fail-on", "severe", cwd=project).returncode == 2
    assert iacgate("scan", "--format", "xml", cwd=project).returncode == 2
    assert iacgate("scan", "--var", "novalue", cwd=project).returncode == 2
    out = iacgate("rules", "explain", "NOPE999")
    assert out.returncode == 2 and "NOPE999" in out.stderr


def test_missing_path_is_reported(project: Path):
    out = iacgate("scan", "does-not-exist.tf", cwd=project)
    assert out.returncode == 1 and "does-not-exist.tf" in out.stdout


def test_broken_rule_pack_exits_3_naming_file_and_field(project: Path):
    pack = project / "pack"
    pack.mkdir()
    (pack / "ORG001-my-rule.yaml").write_text(
        "id: ORG001\nname: my-rule\ntitle: A rule\nseverity: severe\nconfidence: high\n"
        "target: {kind: terraform}\nmatch: {path: a, exists: true}\nmessage: m\n"
        "rationale: r\nremediation: f\n")
    out = iacgate("scan", ".", "--rules-dir", "pack", cwd=project)
    assert out.returncode == 3
    assert "ORG001-my-rule.yaml" in out.stderr and "severity" in out.stderr
    assert "Traceback" not in out.stderr


def test_extra_rule_pack_is_used(project: Path):
    pack = project / "pack"
    pack.mkdir()
    (pack / "ORG001-bucket-named-reports.yaml").write_text(
        "id: ORG001\nname: bucket-named-reports\ntitle: Bucket named reports\nseverity: low\n"
        "confidence: high\ntarget: {kind: terraform, level: resource, types: [aws_s3_bucket_acl]}\n"
        "match: {path: bucket, equals: r}\nmessage: found\nrationale: r\nremediation: f\n")
    out = iacgate("scan", "good.tf", "--rules-dir", "pack", "--format", "json", cwd=project)
    assert [f["rule_id"] for f in json.loads(out.stdout)["findings"]] == ["ORG001"]
    assert out.returncode == 0  # low is below the default threshold


def test_rules_list_and_explain():
    out = iacgate("rules", "list")
    assert out.returncode == 0 and "AWS001" in out.stdout and "s3-bucket-public-acl" in out.stdout
    out = iacgate("rules", "explain", "AWS001")
    assert out.returncode == 0
    for part in ("Why it matters", "How to fix", "Bad example", "Good example", "public-read"):
        assert part in out.stdout


def test_verbose_says_what_was_skipped(tmp_path: Path):
    (tmp_path / "values.yaml").write_text("replicas: 3\n")
    (tmp_path / "node_modules").mkdir()
    out = iacgate("scan", ".", "-v", cwd=tmp_path)
    assert out.returncode == 0
    assert "values.yaml" in out.stderr and "node_modules" in out.stderr


@needs_corpus()
def test_whole_corpus_scans_without_crash(tmp_path: Path):
    report = tmp_path / "corpus.json"
    page = tmp_path / "corpus.html"
    out = iacgate("scan", str(CORPUS), "-o", f"json={report}", "-o", f"html={page}", cwd=ROOT)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    # the page for people stays small: about the size of the JSON report (4.1 MB in 2026-12)
    assert page.stat().st_size < 1.5 * report.stat().st_size
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr
    doc = json.loads(report.read_text())
    assert doc["summary"]["files_scanned"] > 1000
    for f in doc["findings"]:
        assert f["line"] >= 1 and f["column"] >= 1
        if f["rule_id"] == "IAC001":
            assert f["message"]


def test_unknown_values_are_reported_but_do_not_fail_the_gate(tmp_path: Path):
    (tmp_path / "main.tf").write_text(
        'variable "acl" {}\n\nresource "aws_s3_bucket_acl" "reports" {\n  bucket = "r"\n'
        '  acl    = var.acl\n}\n')
    out = iacgate("scan", ".", "--select", "AWS001", "--format", "json", "--show-unknown", cwd=tmp_path)
    doc = json.loads(out.stdout)
    (f,) = doc["findings"]
    assert f["unknown"] is True and f["confidence"] == "low" and f["line"] == 5
    assert doc["unknowns"] and doc["unknowns"][0]["line"] == 5
    assert out.returncode == 0
    # the same rule on a known value fails the gate
    out = iacgate("scan", ".", "--select", "AWS001", "--var", "acl=public-read", cwd=tmp_path)
    assert out.returncode == 1


def test_broken_pipelines_with_braces_are_parse_errors_not_templates(tmp_path: Path):
    wf = tmp_path / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ci.yml").write_text("on: push\njobs:\n  a:\n    runs-on: {{ matrix.os }}\n    steps: [\n")
    (tmp_path / ".gitlab-ci.yml").write_text("build:\n  script: [echo {{ x }}\n")
    (tmp_path / "tpl.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.n }}\n")
    out = iacgate("scan", ".", "--format", "json", "-v", cwd=tmp_path)
    errors = sorted(f["path"] for f in json.loads(out.stdout)["findings"] if f["rule_id"] == "IAC001")
    assert errors == [".github/workflows/ci.yml", ".gitlab-ci.yml"]
    assert "tpl.yaml" in out.stderr and "template" in out.stderr  # a manifest template: skipped, said why


def test_a_failing_rule_is_a_finding_and_the_scan_goes_on(project: Path):
    pack = project / "pack"
    pack.mkdir()
    (pack / "ORG001-always-fails.yaml").write_text(
        "id: ORG001\nname: always-fails\ntitle: A rule with a defect\nseverity: low\n"
        "confidence: high\ntarget: {kind: terraform, level: resource}\ncheck: python\n"
        "message: m\nrationale: r\nremediation: f\n")
    (pack / "ORG001-always-fails.py").write_text("def check(subject, params):\n    return [][1]\n")
    out = iacgate("scan", ".", "--rules-dir", "pack", "--format", "json", cwd=project, rule_errors="")
    findings = json.loads(out.stdout)["findings"]
    errors = [f for f in findings if f["rule_id"] == "IAC006"]
    assert {(f["path"], f["line"]) for f in errors} == {("bad.tf", 1), ("good.tf", 1)}
    assert "ORG001" in errors[0]["message"] and "IndexError" in errors[0]["message"]
    assert any(f["rule_id"] == "AWS001" for f in findings)  # the other rules still ran
    assert out.returncode == 1 and "Traceback" not in out.stderr

"""Shared setup for governance, config and report tests: a small rule pack of our own, so
that these tests depend on the gate's behaviour and not on the bundled rules of the day."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

RULES = {
    "aws/AWS901-bucket-public-acl.yaml": """
        id: AWS901
        name: bucket-public-acl
        title: Bucket is public
        severity: high
        confidence: high
        target: {kind: terraform, level: resource, types: [aws_s3_bucket]}
        match: {path: acl, in: [public-read, public-read-write]}
        message: "{resource} uses the canned ACL '{value}'"
        rationale: Public buckets leak data.
        remediation: Use a private ACL.
        references: [https://example.com/aws901]
        tags: [s3]
    """,
    "aws/AWS902-bucket-force-destroy.yaml": """
        id: AWS902
        name: bucket-force-destroy
        title: Bucket can be destroyed with its objects
        severity: critical
        confidence: high
        target: {kind: terraform, level: resource, types: [aws_s3_bucket]}
        match: {path: force_destroy, equals: true}
        message: "{resource} sets force_destroy"
        rationale: Data loss.
        remediation: Remove force_destroy.
        suppressible: false
    """,
    "aws/AWS903-bucket-no-logging.yaml": """
        id: AWS903
        name: bucket-no-logging
        title: Bucket has no access logging
        severity: low
        confidence: medium
        target: {kind: terraform, level: resource, types: [aws_s3_bucket]}
        match: {path: logging, absent: true}
        message: "{resource} has no logging block"
        rationale: No audit trail.
        remediation: Add a logging block.
    """,
    "kubernetes/K8S901-privileged-container.yaml": """
        id: K8S901
        name: privileged-container
        title: Container runs privileged
        severity: high
        confidence: high
        target: {kind: kubernetes, level: container}
        match: {path: securityContext.privileged, equals: true}
        message: "container in {resource} is privileged"
        rationale: Host takeover.
        remediation: Set privileged to false.
    """,
    "github-actions/GHA901-write-all.yaml": """
        id: GHA901
        name: write-all
        title: Workflow grants write-all
        severity: medium
        confidence: high
        target: {kind: github-actions, level: workflow}
        match: {path: permissions, equals: write-all}
        message: "workflow grants write-all"
        rationale: Token abuse.
        remediation: Grant only what is needed.
    """,
}

BUCKETS_TF = """\
resource "aws_s3_bucket" "public" {
  bucket = "public"
  acl    = "public-read"
  logging {
    target_bucket = "logs"
  }
}

resource "aws_s3_bucket" "doomed" {
  bucket        = "doomed"
  force_destroy = true
  logging {
    target_bucket = "logs"
  }
}
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture(name="pack")
def pack_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Bundled rules replaced by RULES; the working directory is a fresh project folder."""
    import linter.rules

    rules_dir = tmp_path / "rulepack"
    write(rules_dir, RULES)
    monkeypatch.setattr(linter.rules, "bundled_rules_dir", lambda: rules_dir)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    monkeypatch.setenv("IACGATE_TODAY", "2026-06-15")
    return project


def run(*args: str, stdin: str | None = None):
    """`iacgate ARGS` in this process: (exit code, stdout, stderr)."""
    from linter.cli import cli

    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def scan_json(*args: str) -> tuple[int, dict, str]:
    import json

    code, out, err = run("scan", "--format", "json", *args)
    return code, json.loads(out), err


def findings(report: dict, rule: str | None = None) -> list[tuple[str, int, str | None]]:
    """(rule, line, waiver kind) for each finding, optionally of one rule."""
    return [(f["rule_id"], f["line"], (f["waiver"] or {}).get("kind"))
            for f in report["findings"] if rule is None or f["rule_id"] == rule]

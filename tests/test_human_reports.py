"""What a person reads: the text report and the stderr summary say what the gate decided,
keep unknowns and waivers apart from what fails, and never let a scanned file's text
drive the terminal."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from test_governance_support import BUCKETS_TF, pack_fixture, run, write  # noqa: F401

EXCEPTION = """
    - rule: AWS902
      path: buckets.tf
      reason: scratch bucket
      owner: perf@example.com
      expires: 2027-01-01
"""


def test_one_file_is_one_file(pack):
    write(pack, {"ok.tf": 'resource "aws_s3_bucket" "ok" {\n  logging {}\n}\n'})
    _, _, err = run("scan", ".")
    assert "1 file scanned, 0 findings" in err and "1 files" not in err
    write(pack, {"ok2.tf": 'resource "aws_s3_bucket" "a" {\n  logging {}\n  acl = "public-read"\n}\n'})
    _, _, err = run("scan", ".")
    assert "2 files scanned, 1 finding (1 high)" in err


def test_junit_failures_are_exactly_the_findings_that_fail_the_gate(pack):
    write(pack, {"buckets.tf": BUCKETS_TF.replace("  logging {\n    target_bucket = \"logs\"\n  }\n", "", 1),
                 "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n"
                             "  containers:\n    - {name: app, image: nginx, securityContext: {privileged: true}}\n"})
    for fail_on in ("critical", "high", "medium", "low"):
        code, out, _ = run("scan", "--fail-on", fail_on, "-o", "junit=j.xml", "-o", "json")
        summary = json.loads(out)["summary"]
        suite = ET.parse(pack / "j.xml").getroot().find("testsuite")
        failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
        assert int(suite.get("failures")) == len(failed) == summary["failing"], fail_on
        assert code == (1 if summary["failing"] else 0)
    # critical (AWS902) is the only critical finding; waive it and the gate passes at critical
    write(pack, {".iacgate-exceptions.yaml": EXCEPTION})
    code, _, _ = run("scan", "--fail-on", "critical", "-o", "junit=j.xml")
    suite = ET.parse(pack / "j.xml").getroot().find("testsuite")
    assert code == 0 and suite.get("failures") == "0"
    below = [c for c in suite.iter("testcase") if c.get("classname").startswith(("AWS901", "K8S901"))]
    assert below and all(c.find("failure") is None for c in below)
    assert all("below the gate" in c.find("system-out").text for c in below)
    waived = [c for c in suite.iter("testcase") if c.get("classname").startswith("AWS902")]
    assert waived and all(c.find("skipped") is not None for c in waived)


def test_unknown_findings_are_shown_apart_not_with_their_severity(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.tf").write_text(
        'variable "acl" {}\n\nresource "aws_s3_bucket_acl" "reports" {\n  bucket = "r"\n'
        '  acl    = var.acl\n}\n')
    code, out, err = run("scan", ".", "--select", "AWS001")
    assert code == 0
    assert "CRITICAL" not in out
    head, _, tail = out.partition("Not decided")
    assert "main.tf" not in head and "main.tf:5" in tail and "UNKNOWN" in tail
    assert "(critical when known)" in tail
    assert "1 not decided (unknown values)" in err and "0 findings" in err


def test_waived_findings_are_one_line_unless_asked_for(pack):
    write(pack, {"buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": EXCEPTION})
    code, out, _ = run("scan", ".")
    assert code == 1
    assert "AWS902" not in out and "scratch bucket" not in out
    assert "1 waived finding not shown (1 exception): --show-waived lists them" in out
    assert "AWS901" in out  # the active one is shown in full
    _, out, _ = run("scan", ".", "--show-waived")
    assert "AWS902" in out and "[waived: exception: scratch bucket, owner perf@example.com" in out
    assert "not shown" not in out


def test_control_characters_from_scanned_files_are_escaped(pack):
    evil = "evil\x1b]0;pwned\x07\x1b[2J.yaml"
    write(pack, {evil: 'apiVersion: v1\nkind: Pod\nmetadata: {name: "web\\e[31mred"}\nspec:\n'
                       "  containers:\n    - {name: app, image: nginx, securityContext: {privileged: true}}\n"})
    (pack / "ok.tf").write_text('resource "aws_s3_bucket" "b\x1b" {}\n')
    code, out, err = run("scan", ".", "--color")
    assert code == 1
    for text in (out, err):
        assert "\x07" not in text and "\x1b]" not in text and "\x1b[2J" not in text and "\x1b[31m" not in text
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J.yaml" in out
    assert "web\\x1b[31mred" in out
    _, out, _ = run("scan", ".", "--format", "github")
    assert "\x1b" not in out and "\x07" not in out


def test_unknown_findings_are_not_errors_in_ci_reports(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.tf").write_text(
        'variable "acl" {}\n\nresource "aws_s3_bucket_acl" "reports" {\n  bucket = "r"\n'
        '  acl    = var.acl\n}\n')
    _, out, _ = run("scan", ".", "--select", "AWS001", "--format", "gitlab")
    (issue,) = json.loads(out)
    assert issue["severity"] == "info" and issue["description"].startswith("[not decided")
    _, out, _ = run("scan", ".", "--select", "AWS001", "--format", "sarif")
    (res,) = json.loads(out)["runs"][0]["results"]
    assert res["level"] == "note" and res["properties"]["unknown"] is True
    _, out, _ = run("scan", ".", "--select", "AWS001", "--format", "github")
    assert out.startswith("::warning ")


def test_exceptions_list_escapes_control_characters(pack):
    write(pack, {".iacgate-exceptions.yaml": EXCEPTION.replace("scratch bucket", '"scratch\\e[2J bucket"')})
    code, out, err = run("exceptions", "list")
    assert code == 0, err
    assert "\x1b" not in out and "scratch\\x1b[2J bucket" in out

"""Exceptions register: waives with owner and expiry, expired entries stop waiving and are
reported with their owner, unused entries are reported, schema errors name the line."""

from __future__ import annotations

import json

from test_governance_support import (  # noqa: F401
    BUCKETS_TF,
    findings,
    pack_fixture,
    run,
    scan_json,
    write,
)

REGISTER = """
    exceptions:
      - rule: AWS902
        path: "infra/**/*.tf"
        resource: aws_s3_bucket.doomed
        reason: scratch bucket for load tests
        owner: perf-team@example.com
        expires: 2026-12-31
        ticket: PERF-7
      - rule: bucket-public-acl
        path: infra/buckets.tf
        reason: public download mirror
        owner: web@example.com
        expires: 2026-06-01
"""


def test_live_exception_waives_even_a_non_suppressible_rule(pack):
    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": REGISTER})
    code, report, err = scan_json("--select", "AWS901,AWS902,IAC")
    waived = [f for f in report["findings"] if f["rule_id"] == "AWS902"]
    assert waived[0]["waiver"] == {"kind": "exception", "reason": "scratch bucket for load tests",
                                   "owner": "perf-team@example.com", "expires": "2026-12-31"}


def test_expired_exception_stops_waiving_and_names_its_owner(pack):
    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": REGISTER})
    code, report, err = scan_json("--select", "AWS901,AWS902,IAC")
    assert ("AWS901", 3, None) in findings(report)  # expired on 2026-06-01, today 2026-06-15
    assert code == 1
    expired = [f for f in report["findings"] if f["rule_id"] == "IAC004"]
    assert [(f["path"], f["line"]) for f in expired] == [(".iacgate-exceptions.yaml", 9)]
    assert "web@example.com" in expired[0]["message"] and "2026-06-01" in expired[0]["message"]
    assert "web@example.com" in err and "expired" in err
    assert report["governance"]["expired_exceptions"][0]["owner"] == "web@example.com"


def test_expiry_day_itself_still_waives(pack, monkeypatch):
    monkeypatch.setenv("IACGATE_TODAY", "2026-06-01")
    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": REGISTER})
    code, report, _ = scan_json("--select", "AWS901,AWS902,IAC")
    assert findings(report) == [("AWS901", 3, "exception"), ("AWS902", 11, "exception")]
    assert code == 0


def test_unused_exception_is_reported_when_its_files_were_scanned(pack):
    write(pack, {"infra/buckets.tf": BUCKETS_TF.replace("force_destroy = true", "force_destroy = false"),
                 ".iacgate-exceptions.yaml": REGISTER})
    _, report, _ = scan_json("--select", "AWS901,AWS902,IAC")
    unused = [f for f in report["findings"] if f["rule_id"] == "IAC005"]
    assert [(f["path"], f["line"]) for f in unused] == [(".iacgate-exceptions.yaml", 2)]
    assert "perf-team@example.com" in unused[0]["message"]


def test_exception_for_files_outside_the_scan_is_not_called_unused(pack):
    write(pack, {"infra/buckets.tf": BUCKETS_TF, "other/x.tf": 'resource "aws_s3_bucket" "x" {}\n',
                 ".iacgate-exceptions.yaml": REGISTER})
    _, report, _ = scan_json("other/x.tf", "--select", "AWS902,IAC")
    assert findings(report, "IAC005") == []


def test_resource_and_path_must_both_match(pack):
    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": """
        - rule: AWS902
          path: "infra/*.tf"
          resource: aws_s3_bucket.other
          reason: not this one
          owner: me
          expires: 2027-01-01
    """})
    code, report, _ = scan_json("--select", "AWS902,IAC")
    assert ("AWS902", 11, None) in findings(report)
    assert ("IAC005", 1, None) in findings(report)
    assert code == 1


def test_register_paths_are_relative_to_the_register_when_scanning_from_elsewhere(pack, monkeypatch):
    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": REGISTER})
    monkeypatch.chdir(pack / "infra")
    code, report, _ = scan_json(".", "--select", "AWS902,IAC", "--exceptions", "../.iacgate-exceptions.yaml")
    assert findings(report, "AWS902") == [("AWS902", 11, "exception")]


def test_register_schema_error_names_file_line_and_key(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": """
        exceptions:
          - rule: AWS902
            path: main.tf
            reason: scratch bucket
            owner: me
            expires: 2027-01-01
          - rule: AWS901
            path: main.tf
            reason: mirror
            expires: 2027-01-01
            ownr: me
    """})
    code, out, err = run("scan")
    assert code == 2
    assert ".iacgate-exceptions.yaml:11: exceptions[1].ownr: unknown key 'ownr'" in err


def test_register_needs_an_owner_and_a_date(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": """
        - rule: AWS902
          path: main.tf
          reason: scratch bucket
          expires: next year
    """})
    code, _, err = run("scan")
    assert code == 2
    assert ".iacgate-exceptions.yaml:1" in err and "owner" in err
    write(pack, {".iacgate-exceptions.yaml": """
        - rule: AWS902
          path: main.tf
          reason: scratch bucket
          owner: me
          expires: next year
    """})
    code, _, err = run("scan")
    assert code == 2
    assert ".iacgate-exceptions.yaml:5: [0].expires: 'next year' does not have the expected form" in err
    write(pack, {".iacgate-exceptions.yaml": """
        - rule: AWS902
          path: main.tf
          reason: scratch bucket
          owner: me
          expires: 2026-02-30
    """})
    code, _, err = run("scan")
    assert code == 2 and ".iacgate-exceptions.yaml:5: [0].expires: '2026-02-30' is not a date" in err


def test_missing_register_given_on_command_line_is_a_usage_error(pack):
    write(pack, {"main.tf": BUCKETS_TF})
    code, _, err = run("scan", "--exceptions", "nope.yaml")
    assert code == 2 and "nope.yaml" in err


def test_sarif_marks_exception_as_external_suppression(pack):
    import json

    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": REGISTER})
    _, out, _ = run("scan", "--select", "AWS902", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert results[0]["suppressions"] == [{
        "kind": "external", "status": "accepted",
        "justification": "scratch bucket for load tests (owner perf-team@example.com, expires 2026-12-31)"}]


def test_register_in_the_scanned_folder_is_found(pack, monkeypatch):
    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": REGISTER})
    monkeypatch.chdir(pack.parent)
    _, report, _ = scan_json("project", "--select", "AWS902")
    assert findings(report) == [("AWS902", 11, "exception")]


def test_partial_scan_does_not_call_an_exception_unused(pack):
    """A pre-commit run over one staged file must not report an exception whose finding
    is in another, unstaged file that the same glob covers."""
    write(pack, {"infra/a.tf": 'resource "aws_s3_bucket" "a" {\n  logging {}\n}\n',
                 "infra/b.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": """
        - rule: AWS902
          path: "infra/*.tf"
          reason: scratch buckets
          owner: perf@example.com
          expires: 2027-01-01
    """})
    _, report, _ = scan_json("infra/a.tf", "--select", "AWS902,IAC")
    assert findings(report) == []
    _, report, _ = scan_json("infra", "--select", "AWS902,IAC")
    assert findings(report) == [("AWS902", 11, "exception")]
    (pack / "infra" / "b.tf").unlink()
    _, report, _ = scan_json("infra/a.tf", "--select", "AWS902,IAC")
    assert findings(report) == [("IAC005", 1, None)]  # every file it names was scanned


def test_exception_where_the_value_is_unknown_is_not_called_unused(pack):
    write(pack, {"main.tf": """
        variable "acl" {}
        resource "aws_s3_bucket" "site" {
          acl = var.acl
          logging {}
        }
    """, ".iacgate-exceptions.yaml": """
        - rule: bucket-public-acl
          path: main.tf
          resource: aws_s3_bucket.site
          reason: public in the demo environment
          owner: me
          expires: 2027-01-01
    """})
    _, report, _ = scan_json("--select", "AWS901,IAC")
    assert findings(report) == []


def test_exception_about_to_expire_is_announced(pack, monkeypatch):
    monkeypatch.setenv("IACGATE_TODAY", "2026-12-24")
    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": REGISTER})
    code, report, err = scan_json("--select", "AWS902")
    assert findings(report) == [("AWS902", 11, "exception")]
    assert ("exception for AWS902 on infra/**/*.tf aws_s3_bucket.doomed (owner perf-team@example.com, "
            "ticket PERF-7) expires in 7 day(s), on 2026-12-31") in err
    assert code == 0


def test_exceptions_list_shows_owners_and_expiry(pack):
    write(pack, {".iacgate-exceptions.yaml": REGISTER})
    code, out, _ = run("exceptions", "list")
    lines = out.splitlines()
    assert lines[0] == (".iacgate-exceptions.yaml:2  AWS902  infra/**/*.tf aws_s3_bucket.doomed  "
                        "owner perf-team@example.com  2026-12-31 (expires in 199 day(s))  PERF-7")
    assert lines[2].startswith(".iacgate-exceptions.yaml:9  bucket-public-acl  infra/buckets.tf  "
                               "owner web@example.com  EXPIRED 2026-06-01 (expired)")
    assert lines[-1] == "2 exception(s), 1 expired (today is 2026-06-15)"
    assert code == 1
    code, out, _ = run("exceptions", "list", "--format", "json")
    doc = json.loads(out)
    assert [e["expired"] for e in doc["exceptions"]] == [False, True]
    (pack / ".iacgate-exceptions.yaml").unlink()
    code, _, err = run("exceptions", "list")
    assert code == 2 and "no exceptions register" in err


def test_expired_exception_of_a_rule_not_run_is_left_for_the_scan_that_runs_it(pack):
    write(pack, {"infra/buckets.tf": BUCKETS_TF, ".iacgate-exceptions.yaml": REGISTER})
    _, report, err = scan_json("--select", "AWS902")
    assert findings(report) == [("AWS902", 11, "exception")]
    assert "expired" not in err
    _, report, _ = scan_json("--select", "AWS901")  # IAC004 stays on although not selected
    assert findings(report) == [("IAC004", 9, None), ("AWS901", 3, None)]

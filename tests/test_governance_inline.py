"""Inline suppressions: reason required, unused ones reported, non-suppressible rules."""

from __future__ import annotations

from test_governance_support import BUCKETS_TF, findings, pack_fixture, run, scan_json, write  # noqa: F401


def test_suppression_on_line_before_waives_with_reason(pack):
    write(pack, {"main.tf": BUCKETS_TF.replace(
        '  acl    = "public-read"',
        '  # iacgate:ignore AWS901 public website, reviewed in SEC-12\n  acl    = "public-read"')})
    code, report, err = scan_json("--select", "AWS901,IAC")
    assert findings(report) == [("AWS901", 4, "inline")]
    waiver = report["findings"][0]["waiver"]
    assert waiver == {"kind": "inline", "reason": "public website, reviewed in SEC-12",
                      "owner": None, "expires": None}
    assert report["summary"]["waived"] == 1 and report["summary"]["failing"] == 0
    assert code == 0


def test_trailing_hcl_comment_and_rule_name_and_several_rules(pack):
    write(pack, {"main.tf": BUCKETS_TF.replace(
        '  acl    = "public-read"',
        '  acl    = "public-read" // iacgate:ignore: AWS903, bucket-public-acl -- shared bucket')})
    code, report, _ = scan_json("--select", "AWS901,IAC")
    assert findings(report) == [("AWS901", 3, "inline")]
    assert report["findings"][0]["waiver"]["reason"] == "shared bucket"
    assert code == 0


def test_stacked_suppressions_above_a_block_cover_the_block(pack):
    write(pack, {"main.tf": """
        # iacgate:ignore AWS901 public by design
        # iacgate:ignore AWS903 logs go to CloudTrail data events
        resource "aws_s3_bucket" "site" {
          acl = "public-read"
        }

        resource "aws_s3_bucket" "other" {
          acl = "public-read"
        }
    """})
    code, report, _ = scan_json("--select", "AWS901,AWS903,IAC")
    assert findings(report) == [("AWS903", 3, "inline"), ("AWS901", 4, "inline"),
                                ("AWS903", 7, None), ("AWS901", 8, None)]
    assert code == 1


def test_suppression_above_one_attribute_does_not_cover_another(pack):
    write(pack, {"main.tf": """
        resource "aws_s3_bucket" "site" {
          # iacgate:ignore AWS902 scratch bucket
          bucket        = "x"
          force_destroy = true
          acl           = "public-read"
        }
    """})
    _, report, _ = scan_json("--select", "AWS901,AWS902,IAC")
    assert findings(report) == [("IAC002", 2, None), ("AWS902", 4, None), ("AWS901", 5, None)]


def test_suppression_above_a_yaml_key_covers_the_block_below(pack):
    write(pack, {".github/workflows/ci.yml": """
        # iacgate:ignore GHA901 release workflow needs to push tags
        name: release
        on: push
        permissions: write-all
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make
    """, "pod.yaml": """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            # iacgate:ignore K8S901 needs raw sockets, approved by platform team
            - name: app
              image: nginx
              securityContext:
                privileged: true
    """})
    code, report, _ = scan_json("--select", "GHA901,K8S901,IAC")
    assert findings(report) == [("GHA901", 4, "inline"), ("K8S901", 10, "inline")]
    assert code == 0


def test_missing_reason_keeps_the_finding_and_warns(pack):
    write(pack, {"main.tf": BUCKETS_TF.replace('  acl    = "public-read"',
                                                '  acl    = "public-read" # iacgate:ignore AWS901')})
    code, report, err = scan_json("--select", "AWS901,IAC")
    assert findings(report) == [("AWS901", 3, None)]
    assert code == 1
    assert "main.tf:3" in err and "has no reason" in err
    assert any("has no reason" in n["message"] and n["line"] == 3 for n in report["notes"])


def test_unused_suppression_is_iac002_at_the_comment(pack):
    write(pack, {"main.tf": """
        resource "aws_s3_bucket" "private" {
          # iacgate:ignore AWS901 was public once
          acl = "private"
          logging {
            target_bucket = "logs"
          }
        }
    """})
    code, report, _ = scan_json("--select", "AWS901,AWS903,IAC")
    assert findings(report) == [("IAC002", 2, None)]
    f = report["findings"][0]
    assert f["severity"] == "low" and "AWS901" in f["message"] and "line 3" in f["message"]
    assert code == 0  # low does not fail the default gate
    code, report, _ = scan_json("--select", "AWS901,AWS903,IAC", "--fail-on", "low")
    assert code == 1


def test_suppression_of_unknown_rule_is_reported(pack):
    write(pack, {"main.tf": """
        resource "aws_s3_bucket" "site" {
          acl = "public-read" # iacgate:ignore AWS9O1 typo in the id
        }
    """})
    _, report, _ = scan_json("--select", "AWS901,IAC")
    assert ("IAC002", 2, None) in findings(report)
    assert ("AWS901", 2, None) in findings(report)
    assert any("no rule" in f["message"] for f in report["findings"] if f["rule_id"] == "IAC002")


def test_suppression_of_deselected_rule_is_not_reported(pack):
    write(pack, {"main.tf": """
        resource "aws_s3_bucket" "site" {
          acl = "private" # iacgate:ignore AWS903 logs elsewhere
        }
    """})
    _, report, _ = scan_json("--select", "AWS901,IAC")
    assert findings(report) == []


def test_non_suppressible_rule_ignores_inline_suppression(pack):
    write(pack, {"main.tf": BUCKETS_TF.replace(
        "  force_destroy = true", "  force_destroy = true # iacgate:ignore AWS902 test bucket")})
    code, report, err = scan_json("--select", "AWS902,IAC")
    assert findings(report) == [("AWS902", 11, None)]
    assert code == 1
    assert "cannot be suppressed inline" in err and "exceptions register" in err


def test_yaml_comment_suppression_in_kubernetes_manifest(pack):
    write(pack, {"deploy.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx
                  securityContext:
                    # iacgate:ignore K8S901 needs raw sockets, approved by platform team
                    privileged: true
                - name: sidecar
                  image: envoy
                  securityContext:
                    privileged: true
    """})
    code, report, _ = scan_json("--select", "K8S901,IAC")
    assert findings(report) == [("K8S901", 13, "inline"), ("K8S901", 17, None)]
    assert code == 1


def test_marker_inside_a_string_is_not_a_suppression(pack):
    write(pack, {"main.tf": """
        resource "aws_s3_bucket" "site" {
          acl    = "public-read"
          bucket = "x#iacgate:ignore AWS901 nope"
        }
    """})
    _, report, _ = scan_json("--select", "AWS901,IAC")
    assert findings(report) == [("AWS901", 2, None)]


def test_text_report_marks_waived_findings_and_summary_counts_them(pack):
    write(pack, {"main.tf": BUCKETS_TF.replace(
        '  acl    = "public-read"', '  acl    = "public-read" # iacgate:ignore AWS901 website')})
    code, out, err = run("scan", "--select", "AWS901,IAC", "--show-waived")
    assert "[waived: inline: website]" in out
    assert "1 waived (1 inline)" in err and "gate PASS" in err
    assert code == 0


def test_suppression_where_the_value_is_unknown_is_not_called_unused(pack):
    write(pack, {"main.tf": """
        variable "acl" {}
        resource "aws_s3_bucket" "site" {
          # iacgate:ignore AWS901 public in the demo environment only
          acl = var.acl
          logging {}
        }
    """})
    _, report, _ = scan_json("--select", "AWS901,IAC")
    assert findings(report) == []


def test_block_extent_in_hcl_and_yaml():
    from linter.governance.suppressions import block_end

    hcl = ['resource "a" "b" {', '  name = "x{y"', "  rule {", "    cidr = 1", "  }",
           "  other = 2 # }", "}", "", 'resource "c" "d" {}']
    assert block_end(hcl, 1, True) == 7
    assert block_end(hcl, 3, True) == 5
    assert block_end(hcl, 4, True) == 4
    assert block_end(hcl, 9, True) == 9
    yml = ["jobs:", "  build:", "    steps:", "      - uses: a", "        with:", "          x: 1",
           "", "      - run: b", "  test:", "    x: 1"]
    assert block_end(yml, 2, False) == 8
    assert block_end(yml, 4, False) == 6
    assert block_end(yml, 8, False) == 8
    assert block_end(yml, 1, False) == 10


def test_suppression_above_a_step_covers_a_job_rule_finding_inside_it(pack):
    write(pack, {"pod.yaml": """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          # iacgate:ignore K8S901 the whole pod is a node debugger, approved in OPS-3
          containers:
            - name: app
              image: nginx
              securityContext: {privileged: true}
            - name: sidecar
              image: envoy
              securityContext: {privileged: true}
          initContainers:
            - name: init
              image: busybox
              securityContext: {privileged: true}
    """})
    _, report, _ = scan_json("--select", "K8S901,IAC")
    assert findings(report) == [("K8S901", 9, "inline"), ("K8S901", 12, "inline"),
                                ("K8S901", 16, None)]


def test_hcl_block_comment_and_case_insensitive_marker(pack):
    write(pack, {"main.tf": """
        resource "aws_s3_bucket" "a" {
          acl = "public-read" /* iacgate:ignore AWS901 mirror of public data */
          logging {}
        }
        resource "aws_s3_bucket" "b" {
          acl = "public-read" #IACGATE:IGNORE aws901 second mirror
          logging {}
        }
    """})
    _, report, _ = scan_json("--select", "AWS901,IAC")
    assert findings(report) == [("AWS901", 2, "inline"), ("AWS901", 6, "inline")]
    assert report["findings"][0]["waiver"]["reason"] == "mirror of public data"


def test_marker_inside_a_quoted_string_with_a_space_is_not_a_suppression(pack):
    write(pack, {"main.tf": """
        resource "aws_s3_bucket" "site # iacgate:ignore AWS901 hidden in a label" {
          acl = "public-read"
        }
    """, "pod.yaml": """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            - name: app
              image: nginx
              securityContext: {privileged: true, note: 'it''s # iacgate:ignore K8S901 nope'}
    """})
    _, report, _ = scan_json("--select", "AWS901,K8S901,IAC")
    assert findings(report) == [("AWS901", 2, None), ("K8S901", 8, None)]


def test_marker_after_an_apostrophe_in_a_block_scalar_still_counts(pack):
    write(pack, {".github/workflows/ci.yml": """
        name: ci
        on: push
        permissions: write-all # it's needed # iacgate:ignore GHA901 release job pushes tags
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  echo it's fine
    """})
    _, report, _ = scan_json("--select", "GHA901,IAC")
    assert findings(report) == [("GHA901", 3, "inline")]


def test_waiver_findings_follow_ignore_not_select(pack):
    write(pack, {"main.tf": """
        resource "aws_s3_bucket" "private" {
          acl = "private" # iacgate:ignore AWS901 was public once
          logging {}
        }
    """})
    _, report, _ = scan_json("--select", "AWS901")
    assert findings(report) == [("IAC002", 2, None)]
    _, report, _ = scan_json("--select", "AWS901", "--ignore", "IAC002")
    assert findings(report) == []

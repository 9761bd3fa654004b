"""The checkov bridge with the real checkov: `iacgate scan --checkov` as a user runs it.

These tests need checkov (`pip install ".[checkov,test]"`); without it they are skipped
with that message. `.ci/run` runs them in a second environment that has checkov, because
checkov's dependencies (bc-python-hcl2 under the module name `hcl2`, an old `packaging`)
do not belong in the main test environment.
"""

from __future__ import annotations

import importlib.util
import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
from test_cli import iacgate

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("checkov") is None,
    reason='checkov is not installed: pip install ".[checkov,test]" to run the bridge tests '
           "(CI runs them in a second environment)")

SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"  # see data/README.md

MAIN_TF = """\
resource "aws_s3_bucket" "site" {
  bucket = "site"
  acl    = "public-read"
  # checkov:skip=CKV_AWS_18:access logs are shipped by the CDN
  # checkov:skip=CKV_AWS_21
  # checkov:skip=CKV_AWS_999:typo in the id
  tags = {
    owner = "web"
  }
}

resource "aws_s3_bucket" "untagged" {
  bucket = "untagged"
}

resource "aws_security_group" "ssh" {
  description = "ssh"
  ingress {
    description = "ssh from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""

DEPLOY_YAML = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    checkov.io/skip1: CKV_K8S_8=liveness is checked by the mesh
    checkov.io/skip2: CKV_K8S_9
    checkov.io/skip3: CKV_K8S_35=nothing here uses secrets as env
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.25
          securityContext:
            privileged: true
"""

# a team's own checkov policy, in checkov's YAML policy language
OWNER_POLICY = """\
metadata:
  id: "CKV2_ORG_1"
  name: "S3 buckets carry an owner tag"
  category: "GENERAL_SECURITY"
definition:
  cond_type: "attribute"
  resource_types: ["aws_s3_bucket"]
  attribute: "tags.owner"
  operator: "exists"
"""

# a native rule (in an extra rule pack) that declares it covers checkov's CKV_AWS_20
NATIVE_RULE = """\
id: ORG001
name: bucket-public-acl
title: S3 bucket readable by anyone through its ACL
severity: high
confidence: high
target: {kind: terraform, level: resource, types: [aws_s3_bucket]}
match: {path: acl, in: [public-read, public-read-write]}
message: "{resource} is public"
rationale: public data
remediation: make it private
checkov: [CKV_AWS_20]
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if name.endswith(".yaml") and text.startswith("\n") else text)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("checkov-project")
    (root / ".git").mkdir()
    _write(root, {"infra/main.tf": MAIN_TF, "k8s/deploy.yaml": DEPLOY_YAML,
                  "policies/owner.yaml": OWNER_POLICY, "pack/ORG001-bucket-public-acl.yaml": NATIVE_RULE})
    return root


@pytest.fixture(scope="module")
def scanned(project: Path) -> tuple[dict, str, int]:
    """One JSON scan with the bridge, the native pack and no bundled AWS or Kubernetes rules
    (so that only ORG001 covers a checkov check, whatever the bundled rules declare)."""
    out = iacgate("scan", "infra", "k8s", "--checkov", "--format", "json", "--ignore",
                  "aws,kubernetes", "--rules-dir", "pack", cwd=project)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout), out.stderr, out.returncode


def _by(doc: dict, rule_id: str) -> list[dict]:
    return [f for f in doc["findings"] if f["rule_id"] == rule_id]


def test_checkov_results_are_findings_with_ids_lines_and_fingerprints(scanned):
    doc, stderr, code = scanned
    assert code == 1  # CKV_K8S_16 and CKV_AWS_24 are high
    (ssh,) = _by(doc, "CKV_AWS_24")
    assert ssh["path"] == "infra/main.tf" and ssh["resource"] == "aws_security_group.ssh"
    assert 20 <= ssh["line"] <= 23 and ssh["end_line"] == 25  # an attribute it read; the block's end
    assert ssh["severity"] == "high" and ssh["fingerprint"]
    assert ssh["rule_name"] and "port 22" in ssh["message"]
    (priv,) = _by(doc, "CKV_K8S_16")
    assert priv["path"] == "k8s/deploy.yaml" and priv["line"] == 17  # `privileged: true`
    assert priv["severity"] == "high"
    assert all(f["severity"] == "medium" for f in _by(doc, "CKV_AWS_145"))  # not in the table
    summary = doc["summary"]["checkov"]
    assert summary["kept"] == len([f for f in doc["findings"] if f["rule_id"].startswith("CKV")])
    assert "checkov: " in stderr and " s (" in stderr.splitlines()[-1]


def test_skip_comments_and_annotations_with_a_reason_waive(scanned):
    doc, _, _ = scanned
    (logs,) = [f for f in _by(doc, "CKV_AWS_18") if f["resource"] == "aws_s3_bucket.site"]
    assert logs["waiver"] == {"kind": "inline", "reason": "access logs are shipped by the CDN",
                              "owner": None, "expires": None} or logs["waiver"]["kind"] == "inline"
    (live,) = _by(doc, "CKV_K8S_8")
    assert live["waiver"]["reason"] == "liveness is checked by the mesh"
    assert doc["summary"]["checkov"]["waived"] == 2


def test_skips_without_a_reason_keep_the_finding_and_say_why(scanned):
    doc, stderr, _ = scanned
    (versioning,) = [f for f in _by(doc, "CKV_AWS_21") if f["resource"] == "aws_s3_bucket.site"]
    assert versioning["waiver"] is None
    assert "checkov:skip=CKV_AWS_21 has no reason" in stderr
    (ready,) = _by(doc, "CKV_K8S_9")
    assert ready["waiver"] is None and "annotation skip of CKV_K8S_9 has no reason" in stderr


def test_unused_skips_are_reported(scanned):
    doc, _, _ = scanned
    unused = {(f["path"], f["line"], f["message"]) for f in _by(doc, "IAC002")}
    assert ("infra/main.tf", 6, "checkov:skip=CKV_AWS_999 names 'CKV_AWS_999', which is no checkov "
            "check: it waives nothing") in unused
    assert any(p == "k8s/deploy.yaml" and line == 9 and "CKV_K8S_35 matches no finding" in m
               for p, line, m in unused)


def test_a_native_rule_covering_the_check_wins(scanned, project):
    doc, _, _ = scanned
    assert _by(doc, "ORG001") and not _by(doc, "CKV_AWS_20")
    assert doc["summary"]["checkov"]["covered_natively"] >= 1
    out = iacgate("scan", "infra", "--checkov", "--format", "json", "--ignore", "aws", cwd=project)
    without = json.loads(out.stdout)
    assert [f["resource"] for f in _by(without, "CKV_AWS_20")] == ["aws_s3_bucket.site"]
    assert without["summary"]["checkov"]["covered_natively"] == 0


def test_team_policies_from_config_and_checkov_yaml(project, tmp_path):
    (project / ".iacgate.yaml").write_text(
        "checkov:\n  enabled: true\n  external_checks_dirs: [policies]\n")
    (project / ".checkov.yaml").write_text(
        "skip-check:\n  - CKV_AWS_23\nframework: [terraform]\nsoft-fail: true\n")
    try:
        out = iacgate("scan", "infra", "--format", "json", "--ignore", "aws", cwd=project)
    finally:
        (project / ".iacgate.yaml").unlink()
        (project / ".checkov.yaml").unlink()
    doc = json.loads(out.stdout)
    assert [f["resource"] for f in _by(doc, "CKV2_ORG_1")] == ["aws_s3_bucket.untagged"]
    assert not _by(doc, "CKV_AWS_23")
    assert "note: checkov settings from .checkov.yaml: took skip-check" in out.stderr
    assert "not used: framework, soft-fail" in out.stderr


def test_sarif_with_checkov_results_is_valid(project):
    out = iacgate("scan", "infra", "k8s", "--checkov", "--format", "sarif", "--ignore",
                  "aws,kubernetes", cwd=project)  # no native rule covers a checkov check here
    doc = json.loads(out.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(doc)
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "CKV_K8S_16" in ids and set(ids) == {r["ruleId"] for r in run["results"]}
    results = [r for r in run["results"] if r["ruleId"].startswith("CKV")]
    assert results and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
                           and r["partialFingerprints"]["iacgate/v1"] for r in results)
    assert any(r.get("suppressions", [{}])[0].get("kind") == "inSource" for r in results)


def test_baseline_and_register_accept_checkov_ids(project, monkeypatch):
    monkeypatch.setenv("IACGATE_TODAY", "2026-12-01")
    base = iacgate("baseline", "create", "infra", "--checkov", "--output", "base.json", cwd=project)
    assert base.returncode == 0, base.stderr
    entries = json.loads((project / "base.json").read_text())["findings"]
    assert any(e["rule"].startswith("CKV") for e in entries)
    again = iacgate("scan", "infra", "--checkov", "--baseline", "base.json", cwd=project)
    assert again.returncode == 0, again.stdout + again.stderr
    (project / ".iacgate-exceptions.yaml").write_text(
        "- rule: CKV_AWS_24\n  path: infra/main.tf\n  resource: aws_security_group.ssh\n"
        "  reason: bastion subnet only\n  owner: net@example.com\n  expires: 2027-06-30\n")
    try:
        out = iacgate("scan", "infra", "--checkov", "--format", "json", "--select", "CKV_AWS_24",
                      cwd=project)
    finally:
        (project / ".iacgate-exceptions.yaml").unlink()
        (project / "base.json").unlink()
    (ssh,) = _by(json.loads(out.stdout), "CKV_AWS_24")
    assert ssh["waiver"]["kind"] == "exception" and out.returncode == 0, out.stderr


def test_a_checkov_failure_on_a_file_is_a_finding_on_that_file(tmp_path):
    _write(tmp_path, {
        "a.tf": 'resource "aws_s3_bucket" "boom" {\n  bucket = "b"\n}\n',
        "b.tf": 'resource "aws_security_group" "ok" {\n  description = "x"\n}\n',
        "checks/__init__.py": "",
        "checks/boom.py": textwrap.dedent("""\
            from checkov.common.models.enums import CheckCategories, CheckResult
            from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


            class Boom(BaseResourceCheck):
                def __init__(self):
                    super().__init__(name="explodes on one bucket", id="CKV_ORG_99",
                                     categories=[CheckCategories.GENERAL_SECURITY],
                                     supported_resources=["aws_s3_bucket"])

                def scan_resource_conf(self, conf):
                    if conf.get("bucket") == ["b"]:
                        raise RuntimeError("policy defect")
                    return CheckResult.PASSED


            check = Boom()
            """),
        ".iacgate.yaml": "checkov: {enabled: true, external_checks_dirs: [checks]}\n",
    })
    out = iacgate("scan", ".", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in out.stderr
    doc = json.loads(out.stdout)
    errors = _by(doc, "IAC010")
    assert [e["path"] for e in errors] == ["a.tf"], out.stderr
    assert "policy defect" in errors[0]["message"] and out.returncode == 1
    assert any(f["path"] == "b.tf" and f["rule_id"].startswith("CKV") for f in doc["findings"])


def test_rules_list_checkov_shows_what_still_adds_something():
    out = iacgate("rules", "list", "--checkov", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    ids = {c["id"]: c for c in doc["checks"]}
    assert {"CKV_AWS_20", "CKV_K8S_16", "CKV_GHA_2"} <= set(ids)
    assert doc["adding"] + doc["covered"] == len(doc["checks"])
    covered = [c for c in doc["checks"] if c["covered_by"]]
    from linter.rules import load_rules

    declared = {cid for r in load_rules() for cid in r.checkov}
    assert {c["id"] for c in covered} == declared & set(ids)
    text = iacgate("rules", "list", "--checkov").stdout
    assert "still add something with --checkov" in text.splitlines()[-1]


def test_workflow_steps_covered_by_native_rules(tmp_path):
    """GHA001 declares checkov's CKV_GHA_2 (shell injection): it wins on the steps it ran
    on; without it, checkov's result is kept at the step."""
    _write(tmp_path, {".github/workflows/triage.yml": textwrap.dedent("""\
        on: issues
        permissions: {}
        jobs:
          triage:
            runs-on: ubuntu-latest
            steps:
              - name: echo the title
                run: echo "${{ github.event.issue.title }}"
        """)})
    native = json.loads(iacgate("scan", ".", "--checkov", "--format", "json", cwd=tmp_path).stdout)
    assert _by(native, "GHA001") and not _by(native, "CKV_GHA_2")
    assert native["summary"]["checkov"]["covered_natively"] >= 1
    alone = json.loads(iacgate("scan", ".", "--checkov", "--format", "json", "--ignore", "GHA001",
                               cwd=tmp_path).stdout)
    (step,) = _by(alone, "CKV_GHA_2")
    assert step["path"] == ".github/workflows/triage.yml" and step["line"] in (7, 8)

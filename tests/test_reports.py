"""SARIF, JUnit, GitHub annotations and GitLab Code Quality: valid for their consumers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from test_governance_support import BUCKETS_TF, pack_fixture, run, write  # noqa: F401

SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"  # see data/README.md

PROJECT = {
    "infra/buckets.tf": BUCKETS_TF.replace(
        '  acl    = "public-read"',
        '  acl    = "public-read" # iacgate:ignore AWS901 public mirror, approved'),
    "infra/logs.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n',
    "infra/broken.tf": 'resource "aws_s3_bucket" "x" {\n  acl = \n',
    "k8s/my app, v2.yaml": """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            - name: app
              image: nginx
              securityContext: {privileged: true}
    """,
    ".iacgate-exceptions.yaml": """
        - rule: AWS902
          path: infra/buckets.tf
          reason: scratch bucket
          owner: perf@example.com
          expires: 2027-01-01
    """,
}


@pytest.fixture
def project(pack):
    (pack / ".git").mkdir()  # the repository root for report paths
    write(pack, PROJECT)
    return pack


def test_sarif_is_valid_and_complete(project):
    code, out, _ = run("scan", "--format", "sarif")
    assert code == 1
    doc = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.Draft4Validator(schema).validate(doc)
    run_ = doc["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert set(ids) == {r["ruleId"] for r in run_["results"]}
    for r in rules:
        assert float(r["properties"]["security-severity"]) >= 0
        assert r["help"]["text"]
    by_rule = {r["id"]: r for r in rules}
    assert by_rule["AWS902"]["properties"]["security-severity"] == "9.5"
    assert by_rule["AWS901"]["helpUri"] == "https://example.com/aws901"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.as_uri() + "/"
    uris = set()
    for res in run_["results"]:
        assert res["ruleIndex"] == ids.index(res["ruleId"])
        phys = res["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert phys["region"]["startLine"] >= 1
        assert res["partialFingerprints"]["iacgate/v1"]
        uris.add(phys["artifactLocation"]["uri"])
    assert uris == {"infra/buckets.tf", "infra/logs.tf", "infra/broken.tf", "k8s/my%20app%2C%20v2.yaml"}
    suppressed = {(r["ruleId"], r["suppressions"][0]["kind"]) for r in run_["results"] if "suppressions" in r}
    assert suppressed == {("AWS901", "inSource"), ("AWS902", "external")}


def test_sarif_uris_are_relative_to_the_repository_root_not_the_cwd(project, monkeypatch):
    monkeypatch.chdir(project / "infra")
    _, out, _ = run("scan", "buckets.tf", "--format", "sarif", "--select", "AWS901")
    res = json.loads(out)["runs"][0]["results"][0]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/buckets.tf"


def test_paths_in_ci_reports_are_from_the_repository_root(project, monkeypatch):
    monkeypatch.chdir(project / "k8s")
    _, out, _ = run("scan", ".", "--format", "github")
    assert out.startswith("::error file=k8s/my app%2C v2.yaml,line=8,")
    _, out, _ = run("scan", ".", "--format", "junit")
    case = _check_junit(out).find(".//testcase[@classname='K8S901 privileged-container']")
    assert case.get("file") == "k8s/my app, v2.yaml" and case.get("name") == "my app, v2.yaml:8 Pod/web"
    _, out, _ = run("scan", ".", "--format", "gitlab")
    assert json.loads(out)[0]["location"]["path"] == "k8s/my app, v2.yaml"


def test_sarif_file_outside_the_repository_gets_an_absolute_uri(project, tmp_path):
    outside = tmp_path / "elsewhere"
    write(outside, {"x.tf": 'resource "aws_s3_bucket" "x" {\n  acl = "public-read"\n  logging {}\n}\n'})
    _, out, _ = run("scan", str(outside), "--format", "sarif", "--select", "AWS901")
    doc = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(doc)
    artifact = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (outside / "x.tf").as_uri()}


def test_sarif_for_a_clean_scan_is_valid(pack):
    write(pack, {"ok.tf": 'resource "aws_s3_bucket" "ok" {\n  logging {}\n}\n'})
    code, out, _ = run("scan", "--format", "sarif")
    doc = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(doc)
    assert doc["runs"][0]["results"] == [] and code == 0


def _check_junit(xml_text: str) -> ET.Element:
    """The structure Jenkins' and GitLab's JUnit readers expect (junit-10 XSD rules)."""
    root = ET.fromstring(xml_text)
    assert root.tag == "testsuites"
    for suite in root:
        assert suite.tag == "testsuite"
        assert {"name", "tests", "failures", "errors"} <= set(suite.attrib)
        cases = [c for c in suite if c.tag == "testcase"]
        assert [c.tag for c in suite if c.tag != "testcase"] in ([], ["properties"])
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
        for case in cases:
            assert case.get("name") and case.get("classname")
            float(case.get("time", "0"))
            children = [ch.tag for ch in case]
            assert len(children) <= 1 and set(children) <= {"failure", "skipped", "error", "system-out"}
            for ch in case:
                assert ch.tag == "system-out" or ch.get("message")
    return root


def test_junit_one_testcase_per_finding(project):
    code, out, _ = run("scan", "--format", "junit")
    root = _check_junit(out)
    cases = {(c.get("classname").split()[0], c.get("name").split(":")[0]): c for c in root.iter("testcase")}
    assert cases[("AWS902", "infra/buckets.tf")].find("skipped") is not None  # exception
    assert cases[("AWS901", "infra/buckets.tf")].find("skipped") is not None  # inline
    failure = cases[("K8S901", "k8s/my app, v2.yaml")].find("failure")
    assert failure is not None and "privileged" in failure.get("message")
    assert "k8s/my app, v2.yaml:8" in failure.text
    assert cases[("IAC001", "infra/broken.tf")].find("failure") is not None
    assert code == 1


def test_github_annotations_are_escaped(project):
    _, out, _ = run("scan", "--format", "github")
    lines = out.splitlines()
    k8s = next(x for x in lines if "K8S901" in x)
    assert k8s.startswith("::error file=k8s/my app%2C v2.yaml,line=8,col=")
    assert ",title=K8S901 privileged-container (high)::container in" in k8s
    assert "%0AFix: Set privileged to false." in k8s
    notice = next(x for x in lines if "AWS902" in x)
    assert notice.startswith("::notice ") and "[waived: exception: scratch bucket]" in notice
    assert all(x.startswith(("::error ", "::warning ", "::notice ")) for x in lines)
    assert all("\r" not in x for x in lines)


def test_github_escaping_of_percent_and_newlines():
    from linter.reporters.github_report import escape_data, escape_property

    assert escape_data("100%\r\nok") == "100%25%0D%0Aok"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


CODE_QUALITY_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_code_quality_shape(project):
    code, out, _ = run("scan", "--format", "gitlab")
    issues = json.loads(out)
    assert isinstance(issues, list) and issues
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(fingerprints) == len(set(fingerprints))
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert issue["severity"] in CODE_QUALITY_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert not issue["location"]["path"].startswith(("/", "./"))
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    by_check = {i["check_name"].split()[0]: i for i in issues}
    assert by_check["AWS902"]["severity"] == "info" and "[waived" in by_check["AWS902"]["description"]
    assert by_check["K8S901"]["severity"] == "critical"
    assert by_check["K8S901"]["location"] == {"path": "k8s/my app, v2.yaml", "lines": {"begin": 8, "end": 8}}


def test_several_reports_at_once_and_exit_code_unchanged(project):
    code, out, err = run("scan", "-o", "sarif=out/results.sarif", "-o", "junit=junit.xml",
                         "-o", "gitlab=cq.json", "-o", "text")
    assert code == 1
    assert "K8S901" in out  # text on stdout
    assert json.loads((project / "out" / "results.sarif").read_text())["version"] == "2.1.0"
    _check_junit((project / "junit.xml").read_text())
    assert json.loads((project / "cq.json").read_text())
    for fmt in ("json", "sarif", "junit", "github", "gitlab"):
        assert run("scan", "--format", fmt)[0] == 1


def test_json_report_lists_governance(project):
    _, out, _ = run("scan", "--format", "json")
    doc = json.loads(out)
    assert doc["governance"]["exceptions_file"] == ".iacgate-exceptions.yaml"
    waivers = {f["rule_id"]: f["waiver"] for f in doc["findings"] if f["waiver"]}
    assert waivers["AWS901"]["kind"] == "inline"
    assert waivers["AWS902"] == {"kind": "exception", "reason": "scratch bucket",
                                 "owner": "perf@example.com", "expires": "2027-01-01"}
    assert doc["summary"]["waived"] == 2


def test_junit_stays_well_formed_with_control_characters(pack):
    write(pack, {"main.tf": 'resource "aws_s3_bucket" "b" {\n  logging {}\n  force_destroy = true\n}\n'})
    from linter.model import Finding, Location, Severity
    from linter.reporters import ReportSettings
    from linter.reporters.junit_report import render

    class Result:
        files = ["main.tf"]
        findings = [Finding("AWS902", "x", Severity.HIGH, "high", "bad \x00\x1b value", "", Location(
            "main.tf", 3, 3, 3, 10), "aws_s3_bucket.b", "force_destroy")]

    root = _check_junit(render(Result(), ReportSettings()))
    assert "bad \ufffd\ufffd value" in root.find(".//failure").get("message")

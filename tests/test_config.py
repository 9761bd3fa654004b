"""`.iacgate.yaml`: validated with lines, flags override it, `config show` says where
each value came from, `init` writes a starter file, per-rule params reach checks."""

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

NAMING_RULE = {
    "naming/AWS904-bucket-name-prefix.yaml": """
        id: AWS904
        name: bucket-name-prefix
        title: Bucket name lacks the team prefix
        severity: medium
        confidence: high
        target: {kind: terraform, level: resource, types: [aws_s3_bucket]}
        check: python
        params: {prefix: corp-}
        message: "{resource} is named '{value}', not '{prefix}...'"
        rationale: Ownership.
        remediation: Rename it.
    """,
    "naming/AWS904-bucket-name-prefix.py": """
        from linter.model import Hit


        def check(subject, params):
            name = subject.node.get("bucket")
            if isinstance(name, str) and not name.startswith(params["prefix"]):
                yield Hit(subject.node, "bucket", "bucket", {"value": name, "prefix": params["prefix"]})
    """,
}


def test_fail_on_select_and_exclude_from_config(pack):
    write(pack, {"main.tf": BUCKETS_TF, "vendor/x.tf": BUCKETS_TF, ".iacgate.yaml": """
        fail_on: critical
        select: [AWS901, AWS902]
        exclude: ["vendor/*"]
    """})
    code, report, _ = scan_json()
    assert sorted({(f["path"], f["rule_id"]) for f in report["findings"]}) == [
        ("main.tf", "AWS901"), ("main.tf", "AWS902")]
    assert report["summary"]["fail_on"] == "critical"
    assert code == 1  # AWS902 is critical
    code, report, _ = scan_json("--select", "AWS901")  # the flag overrides the file
    assert {f["rule_id"] for f in report["findings"]} == {"AWS901"}
    assert code == 0  # high < critical
    assert scan_json("--select", "AWS901", "--fail-on", "high")[0] == 1


def test_unknown_key_is_exit_2_with_file_line_and_key(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate.yaml": "fail_on: high\n\nselct: [AWS901]\n"})
    code, out, err = run("scan")
    assert code == 2 and out == ""
    assert ".iacgate.yaml:3: selct: unknown key 'selct'" in err


def test_wrong_type_is_exit_2_with_line_and_key(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate.yaml": """
        fail_on: high
        rules:
          AWS901:
            params:
              x: 1
          AWS902:
            enabled: "no"
    """})
    code, _, err = run("scan")
    assert code == 2
    assert ".iacgate.yaml:7: rules.AWS902.enabled: expected boolean" in err


def test_bad_severity_and_yaml_syntax_errors_name_the_line(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate.yaml": "select: [AWS901]\nfail_on: severe\n"})
    code, _, err = run("scan")
    assert code == 2 and ".iacgate.yaml:2: fail_on: 'severe' is not one of" in err
    write(pack, {".iacgate.yaml": "select: [AWS901\nfail_on: high\n"})
    code, _, err = run("scan")
    assert code == 2 and ".iacgate.yaml:" in err and "invalid YAML" in err


def test_unknown_rule_in_rules_section_is_a_usage_error(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate.yaml": "rules:\n  AWS999:\n    enabled: false\n"})
    code, _, err = run("scan")
    assert code == 2 and ".iacgate.yaml:2: rules.AWS999" in err


def test_explicit_config_flag_and_missing_file(pack):
    write(pack, {"main.tf": BUCKETS_TF, "ci/gate.yaml": "select: [AWS902]\n"})
    code, report, _ = scan_json("--config", "ci/gate.yaml")
    assert {f["rule_id"] for f in report["findings"]} == {"AWS902"}
    code, _, err = run("scan", "--config", "ci/nope.yaml")
    assert code == 2 and "ci/nope.yaml" in err


def test_config_in_scanned_folder_is_found(pack, tmp_path, monkeypatch):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate.yaml": "select: [AWS902]\n"})
    monkeypatch.chdir(tmp_path)
    _, report, _ = scan_json("project")
    assert {f["rule_id"] for f in report["findings"]} == {"AWS902"}


def test_rule_params_severity_and_enabled_and_extra_pack(pack):
    write(pack, {"main.tf": BUCKETS_TF, "packs/naming/x": "", ".iacgate.yaml": """
        select: [AWS901, AWS902, AWS904]
        rule_packs: [packs]
        rules:
          bucket-name-prefix:
            params: {prefix: "pub"}
            severity: critical
          AWS902:
            enabled: false
    """})
    (pack / "packs" / "naming" / "x").unlink()
    write(pack / "packs", NAMING_RULE)
    code, report, _ = scan_json()
    got = sorted((f["rule_id"], f["line"], f["severity"]) for f in report["findings"])
    # only "doomed" lacks the "pub" prefix; AWS902 is disabled
    assert got == [("AWS901", 3, "high"), ("AWS904", 10, "critical")]
    assert "'pub...'" in next(f["message"] for f in report["findings"] if f["rule_id"] == "AWS904")
    assert code == 1


def test_rule_pack_from_config_is_schema_validated(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate.yaml": "rule_packs: [packs]\n",
                 "packs/naming/AWS905-broken.yaml": "id: AWS905\nname: broken\n"})
    code, _, err = run("scan")
    assert code == 3 and "AWS905-broken.yaml" in err


def test_kinds_and_show_unknown_from_config(pack):
    write(pack, {"main.tf": BUCKETS_TF, "pod.yaml": """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: a, image: x, securityContext: {privileged: true}}]
    """, ".iacgate.yaml": "kinds: [kubernetes]\nshow_unknown: true\n"})
    _, report, _ = scan_json()
    assert {f["rule_id"] for f in report["findings"]} == {"K8S901"}
    assert "unknowns" in report


def test_config_show_prints_values_and_origins(pack):
    write(pack, {".iacgate.yaml": "# gate\nfail_on: medium\nexclude: [vendor/]\n"})
    code, out, _ = run("config", "show", "--select", "AWS901")
    assert code == 0
    lines = {line.split(":", 1)[0]: line for line in out.splitlines() if not line.startswith("#")}
    assert lines["fail_on"].startswith('fail_on: "medium"') and lines["fail_on"].endswith("# .iacgate.yaml:2")
    assert lines["exclude"].endswith("# .iacgate.yaml:3")
    assert lines["select"].startswith('select: ["AWS901"]') and lines["select"].endswith("# command line")
    assert lines["ignore"].endswith("# default")
    assert out.startswith("# configuration file: .iacgate.yaml")


def test_init_writes_a_valid_commented_starter_and_refuses_to_overwrite(pack):
    code, _, err = run("init", "--exceptions")
    assert code == 0 and "wrote .iacgate.yaml" in err
    text = (pack / ".iacgate.yaml").read_text()
    assert text.count("\n#") > 5  # commented
    code, out, _ = run("config", "show")
    assert code == 0 and '# .iacgate.yaml:' in out
    write(pack, {"main.tf": BUCKETS_TF})
    assert run("scan")[0] == 1  # the starter file and empty register are valid
    before = (pack / ".iacgate.yaml").read_text()
    code, _, err = run("init")
    assert code == 2 and "already exists" in err
    assert (pack / ".iacgate.yaml").read_text() == before


def test_terraform_vars_from_config_reach_the_parser(pack):
    write(pack, {"main.tf": """
        variable "acl" {}
        resource "aws_s3_bucket" "b" {
          acl = var.acl
          logging {}
        }
    """, "prod.tfvars": 'acl = "public-read"\n', ".iacgate.yaml": "terraform:\n  var_files: [prod.tfvars]\n"})
    _, report, _ = scan_json("--select", "AWS901")
    assert findings(report) == [("AWS901", 3, None)]


def test_json_schema_files_are_valid_schemas():
    import jsonschema

    from linter.governance.validate import schema

    for name in ("config.schema.json", "exceptions.schema.json"):
        jsonschema.Draft202012Validator.check_schema(schema(name))
    assert json.dumps(schema("config.schema.json"))


def test_missing_rule_pack_folder_is_a_configuration_error(pack):
    write(pack, {"main.tf": BUCKETS_TF, ".iacgate.yaml": "rule_packs:\n  - policies\n"})
    code, _, err = run("scan")
    assert code == 2 and ".iacgate.yaml:2: rule_packs[0]: rule pack folder policies not found" in err


def test_outputs_from_config_unless_the_command_line_asks(pack):
    write(pack, {"main.tf": BUCKETS_TF, "ci/.iacgate.yaml": "outputs: [json, sarif=../reports/r.sarif]\n"})
    code, out, _ = run("scan", "--config", "ci/.iacgate.yaml", "--select", "AWS901")
    assert json.loads(out)["findings"][0]["rule_id"] == "AWS901"
    assert json.loads((pack / "reports" / "r.sarif").read_text())["version"] == "2.1.0"
    assert code == 1
    code, out, _ = run("scan", "--config", "ci/.iacgate.yaml", "--select", "AWS901", "--format", "github")
    assert out.startswith("::error file=main.tf,line=3")
    code, out, _ = run("config", "show", "--config", "ci/.iacgate.yaml")
    assert 'outputs: ["json", "sarif=reports/r.sarif"]' in out
    write(pack, {".iacgate.yaml": "outputs: [json, text]\n"})
    code, _, err = run("scan")
    assert code == 2 and "only one report can go to standard output" in err
    write(pack, {".iacgate.yaml": "outputs: [pdf]\n"})
    code, _, err = run("scan")
    assert code == 2 and ".iacgate.yaml:1: outputs[0]" in err


def test_settings_at_the_repository_root_apply_in_subfolders(pack, monkeypatch):
    (pack / ".git").mkdir()
    write(pack, {".iacgate.yaml": "select: [AWS902]\n", "infra/main.tf": BUCKETS_TF,
                 ".iacgate-exceptions.yaml": """
        - rule: AWS902
          path: infra/main.tf
          reason: scratch
          owner: me
          expires: 2027-01-01
    """})
    monkeypatch.chdir(pack / "infra")
    code, report, _ = scan_json()
    assert findings(report) == [("AWS902", 11, "exception")] and code == 0
    code, out, _ = run("config", "show")
    assert out.startswith("# configuration file: ../.iacgate.yaml")


def test_settings_above_the_repository_root_are_not_used(pack, monkeypatch):
    write(pack, {".iacgate.yaml": "select: [AWS902]\n", "repo/.git/HEAD": "x", "repo/main.tf": BUCKETS_TF})
    monkeypatch.chdir(pack / "repo")
    _, report, _ = scan_json()
    assert {f["rule_id"] for f in report["findings"]} == {"AWS901", "AWS902"}

"""Terraform evaluation as a user sees it: which findings a scan reports, on which
line and resource, for values that come through variables, tfvars, locals, functions,
modules, count/for_each/dynamic blocks and plan files."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import linter.engine as engine
from linter.engine import ScanOptions, scan
from linter.kinds.terraform import JsonText, ResourceRef
from linter.kinds.terraform import subjects as tf_subjects
from linter.model import Unknown
from linter.rules import bundled_rules_dir, load_rule

AWS001 = next(bundled_rules_dir().glob("aws/AWS001-*.yaml"))


@pytest.fixture(autouse=True)
def only_aws001(monkeypatch):
    """Run the scan with one known rule (public canned ACL), whatever else the pack holds."""
    monkeypatch.setattr(engine, "load_rules", lambda *a, **k: [load_rule(AWS001, "aws")])


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def run(root: Path, **tf_options) -> engine.ScanResult:
    options = ScanOptions(targets=[str(root)])
    if tf_options:
        options.kind_options = {"terraform": tf_options}
    return scan(options)


def found(result) -> list[tuple[str, int, str]]:
    return sorted((Path(f.path).name, f.line, f.resource) for f in result.findings
                  if f.rule_id == "AWS001" and f.confidence != "low")


def low(result) -> list[tuple[str, int]]:
    return sorted((Path(f.path).name, f.line) for f in result.findings if f.confidence == "low")


BUCKET = """
variable "acl" {
  default = "private"
}

resource "aws_s3_bucket_acl" "this" {
  bucket = "reports"
  acl    = var.acl
}
"""


def test_variable_default_is_used(tmp_path):
    write(tmp_path, {"main.tf": BUCKET.replace('"private"', '"public-read"')})
    assert found(run(tmp_path)) == [("main.tf", 7, "aws_s3_bucket_acl.this")]


def test_private_default_gives_no_finding(tmp_path):
    write(tmp_path, {"main.tf": BUCKET})
    result = run(tmp_path)
    assert found(result) == [] and low(result) == []


def test_terraform_tfvars_and_auto_tfvars_are_loaded(tmp_path):
    write(tmp_path, {"main.tf": BUCKET, "terraform.tfvars": 'acl = "public-read"\n'})
    assert found(run(tmp_path)) == [("main.tf", 7, "aws_s3_bucket_acl.this")]
    # *.auto.tfvars wins over terraform.tfvars, as in Terraform
    write(tmp_path, {"z.auto.tfvars": 'acl = "private"\n'})
    assert found(run(tmp_path)) == []


def test_other_tfvars_files_are_not_loaded_automatically(tmp_path):
    write(tmp_path, {"main.tf": BUCKET, "prod.tfvars": 'acl = "public-read"\n'})
    assert found(run(tmp_path)) == []


def test_var_file_and_var_options(tmp_path):
    write(tmp_path, {"cfg/main.tf": BUCKET, "prod.tfvars": 'acl = "public-read-write"\n'})
    var_file = str(tmp_path / "prod.tfvars")
    assert found(run(tmp_path / "cfg", var_files=[var_file])) == [
        ("main.tf", 7, "aws_s3_bucket_acl.this")]
    # --var comes after --var-file
    assert found(run(tmp_path / "cfg", var_files=[var_file], vars={"acl": "private"})) == []
    assert found(run(tmp_path / "cfg", vars={"acl": "public-read"})) == [
        ("main.tf", 7, "aws_s3_bucket_acl.this")]


def test_unset_variable_is_unknown_never_a_confident_finding(tmp_path):
    write(tmp_path, {"main.tf": """
        variable "acl" {}

        resource "aws_s3_bucket_acl" "this" {
          bucket = "reports"
          acl    = var.acl
        }
        """})
    result = run(tmp_path)
    assert found(result) == []
    assert low(result) == [("main.tf", 5)]  # AWS001 reports unknowns at low confidence
    assert [u.resource for u in result.unknowns] == ["aws_s3_bucket_acl.this"]
    assert result.unknowns[0].expr == "var.acl: variable acl has no default and no value was given"
    assert "var.acl" in result.findings[0].message


def test_chained_locals_interpolation_and_functions(tmp_path):
    write(tmp_path, {"main.tf": """
        variable "env" {
          default = "PROD"
        }

        locals {
          env      = lower(var.env)
          mode     = "public"
          acl      = "${local.mode}-read"
          settings = merge({ acl = "private" }, { acl = local.acl })
          name     = format("%s-%s", local.env, "logs")
        }

        resource "aws_s3_bucket" "logs" {
          bucket = local.name
          acl    = lookup(local.settings, "acl", "private")
        }

        resource "aws_s3_bucket" "upper" {
          bucket = upper(local.name)
          acl    = element(concat(tolist(["private"]), ["x"]), 0)
        }
        """})
    result = run(tmp_path)
    assert found(result) == [("main.tf", 15, "aws_s3_bucket.logs")]
    subjects = {s.resource: s for s in tf_subjects(_docs(tmp_path), {})}
    assert subjects["aws_s3_bucket.logs"].node["bucket"] == "prod-logs"
    assert subjects["aws_s3_bucket.upper"].node["bucket"] == "PROD-LOGS"


def test_conditionals(tmp_path):
    write(tmp_path, {"main.tf": """
        variable "public" {
          type    = bool
          default = true
        }
        variable "unset" {}

        resource "aws_s3_bucket" "known" {
          acl = var.public ? "public-read" : "private"
        }

        resource "aws_s3_bucket" "same_branches" {
          acl = var.unset == "x" ? "public-read" : "public-read"
        }

        resource "aws_s3_bucket" "unknown" {
          acl = var.unset ? "public-read" : "private"
        }
        """})
    result = run(tmp_path)
    assert found(result) == [("main.tf", 8, "aws_s3_bucket.known"),
                             ("main.tf", 12, "aws_s3_bucket.same_branches")]
    assert low(result) == [("main.tf", 16)]
    assert found(run(tmp_path, vars={"public": "false"})) == [
        ("main.tf", 12, "aws_s3_bucket.same_branches")]


def test_null_attribute_is_absent(tmp_path):
    write(tmp_path, {"main.tf": """
        variable "acl" {
          default = null
        }

        resource "aws_s3_bucket" "b" {
          bucket = "b"
          acl    = var.acl
        }
        """})
    (subject,) = list(tf_subjects(_docs(tmp_path), {}))
    assert "acl" not in subject.node and subject.node["bucket"] == "b"


def test_jsonencode_gives_json_text_and_structure(tmp_path):
    write(tmp_path, {"main.tf": """
        locals {
          actions = ["s3:*"]
        }

        resource "aws_iam_policy" "p" {
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Action = local.actions, Resource = "*" }]
          })
        }
        """})
    (subject,) = list(tf_subjects(_docs(tmp_path), {}))
    policy = subject.node["policy"]
    assert isinstance(policy, JsonText)
    assert json.loads(policy)["Statement"][0]["Action"] == ["s3:*"]
    assert policy.value["Statement"][0]["Resource"] == "*"


def test_local_module_findings_point_into_the_module(tmp_path):
    write(tmp_path, {
        "main.tf": """
            module "assets" {
              source = "./modules/bucket"
              acl    = "public-read"
            }

            module "private" {
              source = "./modules/bucket"
            }
            """,
        "modules/bucket/main.tf": """
            variable "acl" {
              default = "private"
            }

            resource "aws_s3_bucket_acl" "this" {
              bucket = "assets"
              acl    = var.acl
            }
            """})
    result = run(tmp_path)
    assert found(result) == [("main.tf", 7, "module.assets.aws_s3_bucket_acl.this")]
    assert result.findings[0].path.endswith("modules/bucket/main.tf")


def test_module_called_from_outside_the_scan_is_read(tmp_path):
    write(tmp_path, {
        "live/main.tf": """
            module "web" {
              source = "../modules/site"
              public = true
            }
            """,
        "modules/site/main.tf": """
            variable "public" {
              type = bool
            }

            resource "aws_s3_bucket" "site" {
              acl = var.public ? "public-read" : "private"
            }
            """})
    result = run(tmp_path / "live")
    assert found(result) == [("main.tf", 6, "module.web.aws_s3_bucket.site")]


def test_registry_module_is_noted(tmp_path):
    # (the AWS pack reads a few inputs of well-known modules; this one it does not know)
    write(tmp_path, {"main.tf": """
        module "s3" {
          source  = "example-org/s3-bucket/aws"
          version = "4.0.0"
          acl     = "public-read"
        }
        """})
    result = run(tmp_path)
    assert found(result) == []
    assert any("module.s3" in n.message and "not a local folder" in n.message
               for n in result.notes)


def test_module_outputs_flow_back(tmp_path):
    write(tmp_path, {
        "main.tf": """
            module "conf" {
              source = "./conf"
            }

            resource "aws_s3_bucket" "b" {
              acl = module.conf.acl
            }
            """,
        "conf/outputs.tf": """
            output "acl" {
              value = "public-read"
            }
            """})
    assert found(run(tmp_path)) == [("main.tf", 6, "aws_s3_bucket.b")]


def test_count_and_for_each(tmp_path):
    write(tmp_path, {"main.tf": """
        variable "create" {
          default = false
        }
        variable "names" {}

        resource "aws_s3_bucket" "disabled" {
          count = var.create ? 1 : 0
          acl   = "public-read"
        }

        resource "aws_s3_bucket" "none" {
          for_each = toset([])
          acl      = "public-read"
        }

        resource "aws_s3_bucket" "unknown_collection" {
          for_each = var.names
          bucket   = each.key
          acl      = "public-read"
        }

        resource "aws_s3_bucket" "per_item" {
          for_each = { a = "public-read", b = "public-read" }
          bucket   = each.key
          acl      = each.value
        }

        resource "aws_s3_bucket" "mixed" {
          for_each = { a = "public-read", b = "private" }
          acl      = each.value
        }
        """})
    result = run(tmp_path)
    # instances are checked with their own values; identical findings are reported once
    assert found(result) == [("main.tf", 19, "aws_s3_bucket.unknown_collection"),
                             ("main.tf", 25, "aws_s3_bucket.per_item"),
                             ("main.tf", 30, "aws_s3_bucket.mixed")]
    assert low(result) == []


def test_dynamic_blocks_appear_as_nested_blocks(tmp_path):
    write(tmp_path, {"main.tf": """
        variable "rules" {
          default = [{ port = 22 }, { port = 443 }]
        }
        variable "unset" {}

        resource "aws_security_group" "sg" {
          dynamic "ingress" {
            for_each = var.rules
            content {
              from_port = ingress.value.port
            }
          }
          dynamic "egress" {
            for_each = var.unset
            iterator = rule
            content {
              from_port = rule.value.port
              protocol  = "-1"
            }
          }
        }
        """})
    (subject,) = list(tf_subjects(_docs(tmp_path), {}))
    assert [b["from_port"] for b in subject.node["ingress"]] == [22, 443]
    assert subject.node["ingress"][0].tag == ("ingress", ("dynamic",))
    (egress,) = subject.node["egress"]
    assert isinstance(egress["from_port"], Unknown) and egress["protocol"] == "-1"
    assert egress.tag == ("egress", ("dynamic", "unknown"))
    assert subject.node.key_spans["ingress"].line == 7


def test_module_view_referencing(tmp_path):
    write(tmp_path, {"main.tf": """
        locals {
          bucket_id = aws_s3_bucket.a.id
        }

        resource "aws_s3_bucket" "a" {
          bucket = "alpha"
        }

        resource "aws_s3_bucket" "b" {
          bucket = "beta"
        }

        resource "aws_s3_bucket" "c" {
          count  = 1
          bucket = "gamma"
        }

        resource "aws_s3_bucket_public_access_block" "a" {
          bucket = local.bucket_id
        }

        resource "aws_s3_bucket_public_access_block" "b" {
          bucket = "beta"
        }

        resource "aws_s3_bucket_versioning" "c" {
          bucket = aws_s3_bucket.c[0].bucket
        }
        """})
    subjects = {s.resource: s for s in tf_subjects(_docs(tmp_path), {})}
    view = subjects["aws_s3_bucket.a"].context["module"]
    names = lambda found: [s.resource for s in found]  # noqa: E731
    pab = "aws_s3_bucket_public_access_block"
    assert names(view.referencing(subjects["aws_s3_bucket.a"], pab)) == [f"{pab}.a"]
    assert names(view.referencing(subjects["aws_s3_bucket.b"], pab)) == [f"{pab}.b"]
    assert names(view.referencing(subjects["aws_s3_bucket.c"], pab)) == []
    assert names(view.referencing(subjects["aws_s3_bucket.c"], "aws_s3_bucket_versioning")) == [
        "aws_s3_bucket_versioning.c"]
    ref = subjects[f"{pab}.a"].node["bucket"]
    assert isinstance(ref, ResourceRef) and ref.address == "aws_s3_bucket.a"
    assert view.lookup(ref.address) is subjects["aws_s3_bucket.a"]
    assert len(view.resources) == 6


def _docs(root: Path):
    from linter.discovery import discover
    from linter.kinds.terraform import parse

    docs = []
    for f in discover([str(root)]).files:
        docs.extend(parse(str(f.path), f.text).documents)
    return docs


def _plan(resources: list[dict], changes: list[dict] | None = None,
          config: list[dict] | None = None) -> str:
    return json.dumps({
        "format_version": "1.2",
        "terraform_version": "1.7.0",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes or [],
        "configuration": {"root_module": {"resources": config or []}},
    }, indent=2)


PLAN_RESOURCE = {"address": "aws_s3_bucket_acl.this", "mode": "managed",
                 "type": "aws_s3_bucket_acl", "name": "this",
                 "values": {"acl": "public-read", "bucket": "reports", "expected_bucket_owner": None}}


def test_plan_findings_point_at_the_tf_line(tmp_path):
    write(tmp_path, {"main.tf": BUCKET, "plan.json": _plan([PLAN_RESOURCE])})
    result = run(tmp_path)
    # the plan's value (public-read, e.g. from a -var at plan time) is checked at the .tf line
    assert found(result) == [("main.tf", 7, "aws_s3_bucket_acl.this")]


def test_plan_without_configuration_points_at_the_plan(tmp_path):
    write(tmp_path, {"plan.json": _plan([PLAN_RESOURCE])})
    result = run(tmp_path / "plan.json")
    assert len(result.findings) == 1
    finding = result.findings[0]
    text = (tmp_path / "plan.json").read_text().splitlines()
    assert finding.path.endswith("plan.json") and finding.line >= 1
    assert '"acl": "public-read"' in text[finding.line - 1]


def test_plan_unknown_reference_becomes_resource_ref(tmp_path):
    plan = _plan(
        [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
          "values": {"bucket": "b"}},
         {"address": "aws_s3_bucket_public_access_block.b", "mode": "managed",
          "type": "aws_s3_bucket_public_access_block", "name": "b",
          "values": {"block_public_acls": True}}],
        [{"address": "aws_s3_bucket_public_access_block.b",
          "change": {"actions": ["create"], "after_unknown": {"bucket": True}}}],
        [{"address": "aws_s3_bucket_public_access_block.b", "mode": "managed",
          "type": "aws_s3_bucket_public_access_block", "name": "b",
          "expressions": {"bucket": {"references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]}}}])
    write(tmp_path, {"plan.json": plan})
    subjects = {s.resource: s for s in tf_subjects(_docs(tmp_path), {})}
    bucket = subjects["aws_s3_bucket.b"]
    found_pab = bucket.context["module"].referencing(bucket, "aws_s3_bucket_public_access_block")
    assert [s.resource for s in found_pab] == ["aws_s3_bucket_public_access_block.b"]


def test_parse_errors_read_as_words(tmp_path):
    write(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n'})
    result = run(tmp_path)
    (finding,) = [f for f in result.findings if f.rule_id == "IAC001"]
    assert "$END" not in finding.message
    assert "end of file" in finding.message


def test_optional_object_attributes_get_their_defaults(tmp_path):
    write(tmp_path, {
        "main.tf": """
            module "web" {
              source   = "./site"
              settings = { name = "web" }
            }
            """,
        "site/main.tf": """
            variable "settings" {
              type = object({
                name = string
                acl  = optional(string, "public-read")
                tags = optional(map(string))
              })
            }

            resource "aws_s3_bucket" "site" {
              bucket = var.settings.name
              acl    = var.settings.acl
              tags   = var.settings.tags
            }
            """})
    result = run(tmp_path)
    assert found(result) == [("main.tf", 11, "module.web.aws_s3_bucket.site")]
    (subject,) = [s for s in tf_subjects(_docs(tmp_path), {}) if s.level == "resource"]
    assert "tags" not in subject.node  # optional without default: null, so unset


def test_file_and_templatefile_read_the_module_folder(tmp_path):
    write(tmp_path, {
        "main.tf": """
            resource "aws_iam_policy" "static" {
              policy = file("${path.module}/policy.json")
            }

            resource "aws_iam_policy" "templated" {
              policy = templatefile("${path.module}/policy.json.tpl", { action = "s3:*" })
            }

            resource "aws_iam_policy" "outside" {
              policy = file("/etc/hostname")
            }
            """,
        "policy.json": '{"Statement": [{"Effect": "Allow", "Action": "ec2:*"}]}',
        "policy.json.tpl": '{"Statement": [{"Effect": "Allow", "Action": "${action}"}]}'})
    subjects = {s.resource: s for s in tf_subjects(_docs(tmp_path), {})}
    assert json.loads(subjects["aws_iam_policy.static"].node["policy"])["Statement"][0][
        "Action"] == "ec2:*"
    assert json.loads(subjects["aws_iam_policy.templated"].node["policy"])["Statement"][0][
        "Action"] == "s3:*"
    assert isinstance(subjects["aws_iam_policy.outside"].node["policy"], Unknown)


def test_plan_and_its_configuration_give_one_finding_each(tmp_path):
    write(tmp_path, {"main.tf": BUCKET.replace('"private"', '"public-read"'),
                     "plan.json": _plan([PLAN_RESOURCE])})
    assert found(run(tmp_path)) == [("main.tf", 7, "aws_s3_bucket_acl.this")]


def test_plan_module_resources_point_into_the_module(tmp_path):
    plan = json.dumps({
        "format_version": "1.2",
        "planned_values": {"root_module": {"child_modules": [{
            "address": "module.assets",
            "resources": [{"address": "module.assets.aws_s3_bucket_acl.this[0]",
                           "mode": "managed", "type": "aws_s3_bucket_acl", "name": "this",
                           "index": 0, "values": {"acl": "public-read", "bucket": "a"}},
                          {"address": "module.assets.aws_s3_bucket_acl.this[1]",
                           "mode": "managed", "type": "aws_s3_bucket_acl", "name": "this",
                           "index": 1, "values": {"acl": "public-read", "bucket": "b"}}]}]}},
        "configuration": {"root_module": {"module_calls": {"assets": {
            "source": "./modules/bucket", "module": {"resources": []}}}}},
    }, indent=2)
    write(tmp_path, {
        "main.tf": 'module "assets" {\n  source = "./modules/bucket"\n}\n',
        "modules/bucket/main.tf": BUCKET.replace('"private"', '"public-read"'),
        "plan.json": plan})
    result = run(tmp_path)
    # two planned instances, one resource block: one finding, at the module's line
    assert found(result) == [("main.tf", 7, "module.assets.aws_s3_bucket_acl.this")]
    assert result.findings[0].path.endswith("modules/bucket/main.tf")


def test_multi_line_lists_hold_only_their_items(tmp_path):
    write(tmp_path, {"main.tf": """
        resource "aws_security_group_rule" "r" {
          cidr_blocks = [
            "10.0.0.0/8",
            # office
            "192.168.0.0/16",
          ]
        }
        """})
    (subject,) = list(tf_subjects(_docs(tmp_path), {}))
    assert subject.node["cidr_blocks"] == ["10.0.0.0/8", "192.168.0.0/16"]
    assert [s.line for s in subject.node["cidr_blocks"].item_spans] == [3, 5]


def test_heredocs_and_meta_arguments(tmp_path):
    write(tmp_path, {"main.tf": """
        variable "region" {
          default = "eu-west-1"
        }

        resource "aws_instance" "web" {
          provider   = aws.remote
          depends_on = [aws_s3_bucket.b]
          user_data  = <<-EOT
            #!/bin/bash
            echo "${var.region}" > /etc/region
          EOT

          lifecycle {
            ignore_changes = [tags["Name"]]
          }
        }
        """})
    (subject,) = list(tf_subjects(_docs(tmp_path), {}))
    user_data = subject.node["user_data"]
    assert user_data.splitlines() == ["#!/bin/bash", 'echo "eu-west-1" > /etc/region']
    assert subject.node["provider"] == "aws.remote"
    assert subject.node["depends_on"] == ["aws_s3_bucket.b"]


def test_tfvars_json_files(tmp_path):
    write(tmp_path, {"main.tf": BUCKET, "terraform.tfvars.json": '{"acl": "public-read"}\n',
                     "extra.json": '{"acl": "private"}\n'})
    assert found(run(tmp_path)) == [("main.tf", 7, "aws_s3_bucket_acl.this")]
    assert found(run(tmp_path, var_files=[str(tmp_path / "extra.json")])) == []


def test_for_each_over_a_set_binds_each_key_to_the_element(tmp_path):
    write(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {
          for_each = toset(["public-read"])
          bucket   = "x"
          acl      = each.key
        }
        """})
    assert found(run(tmp_path)) == [("main.tf", 4, "aws_s3_bucket.b")]


def test_cli_var_file_show_unknown_and_verbose_notes(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from linter.cli import cli

    write(tmp_path, {
        "infra/main.tf": """
            variable "acl" {}
            variable "other" {}

            resource "aws_s3_bucket_acl" "this" {
              bucket = "reports"
              acl    = var.acl
            }

            resource "aws_s3_bucket_acl" "that" {
              bucket = "archive"
              acl    = var.other
            }

            module "remote" {
              source = "git::https://example.com/modules.git//bucket"
            }
            """,
        "prod.tfvars": 'acl = "public-read"\n'})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["scan", "infra", "--var-file", "prod.tfvars",
                                      "--show-unknown", "-v"])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1, output
    assert "infra/main.tf:6:3" in output  # var.acl from the var file: a real finding
    assert "var.other: variable other has no default and no value was given" in output
    assert "module.remote" in output and "not a local folder" in output


def test_blocks_generated_from_one_dynamic_block_give_one_finding(tmp_path, monkeypatch):
    rule_file = tmp_path / "rules" / "aws" / "AWS999-world-ingress.yaml"
    rule_file.parent.mkdir(parents=True)
    rule_file.write_text(textwrap.dedent("""
        id: AWS999
        name: world-ingress
        title: Ingress open to the world
        severity: high
        confidence: high
        target: {kind: terraform, level: resource, types: [aws_security_group]}
        match:
          each: ingress
          match: {path: cidr_blocks, contains: 0.0.0.0/0}
        message: "{resource} is open to the world"
        rationale: test rule
        remediation: close it
        on_unknown: report
        """))
    monkeypatch.setattr(engine, "load_rules", lambda *a, **k: [load_rule(rule_file, "aws")])
    write(tmp_path, {"cfg/main.tf": """
        variable "ports" {
          default = [22, 3389]
        }

        resource "aws_security_group" "admin" {
          dynamic "ingress" {
            for_each = var.ports
            content {
              from_port   = ingress.value
              cidr_blocks = ["0.0.0.0/0"]
            }
          }
        }
        """})
    result = run(tmp_path / "cfg")
    assert [(Path(f.path).name, f.line) for f in result.findings] == [("main.tf", 10)]


def test_scanning_one_file_sees_the_module_variables_and_tfvars(tmp_path):
    write(tmp_path, {
        "main.tf": """
            resource "aws_s3_bucket_acl" "this" {
              bucket = local.name
              acl    = var.acl
            }
            """,
        "variables.tf": """
            variable "acl" {
              default = "private"
            }

            locals {
              name = "reports"
            }

            resource "aws_s3_bucket" "other" {
              acl = "public-read"
            }
            """,
        "terraform.tfvars": 'acl = "public-read-write"\n'})
    result = run(tmp_path / "main.tf")
    # only main.tf is reported on; the folder's variables and tfvars give its values
    assert found(result) == [("main.tf", 3, "aws_s3_bucket_acl.this")]
    (subject,) = list(tf_subjects(_docs(tmp_path / "main.tf"), {}))
    assert subject.node["bucket"] == "reports"


def test_outputs_of_a_module_instance(tmp_path):
    write(tmp_path, {
        "main.tf": """
            module "conf" {
              source = "./conf"
              count  = 1
            }

            resource "aws_s3_bucket" "b" {
              acl = module.conf[0].acl
            }
            """,
        "conf/outputs.tf": """
            output "acl" {
              value = "public-read"
            }
            """})
    assert found(run(tmp_path)) == [("main.tf", 7, "aws_s3_bucket.b")]


def test_cycles_and_deep_nesting_stay_unknown(tmp_path):
    deep = "(" * 300 + "1" + ")" * 300
    write(tmp_path, {
        "main.tf": f"""
            locals {{
              a = local.b
              b = local.a
              deep = {deep}
            }}

            module "self" {{
              source = "./"
            }}

            resource "aws_s3_bucket" "b" {{
              acl    = local.a
              bucket = local.deep
            }}
            """})
    (subject,) = [s for s in tf_subjects(_docs(tmp_path), {}) if s.level == "resource"]
    assert isinstance(subject.node["acl"], Unknown)
    assert "refers to itself" in subject.node["acl"].reason

"""AWS network, IAM, storage and logging rules on whole configurations: values through
variables, tfvars and modules, unknown values, and a hardened setup that stays quiet."""

from __future__ import annotations

import textwrap
from pathlib import Path

from linter.engine import ScanOptions, scan
from linter.model import Severity

MY_RULES = [f"AWS{n:03d}" for n in range(2, 50)]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _scan(root: Path, *rules: str):
    return scan(ScanOptions(targets=[str(root)], select=list(rules) or MY_RULES))


SSH_RULE = """
    resource "aws_security_group_rule" "ssh" {
      type              = "ingress"
      from_port         = 22
      to_port           = 22
      protocol          = "tcp"
      cidr_blocks       = var.admin_cidrs
      security_group_id = "sg-0123"
    }
"""


def test_unset_variable_is_unknown_not_a_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"main.tf": SSH_RULE + 'variable "admin_cidrs" {}\n'})
    result = _scan(tmp_path, "AWS008")
    assert [f for f in result.findings if f.rule_id == "AWS008"] == []
    unknown = [u for u in result.unknowns if u.rule_id == "AWS008"]
    assert [(u.resource, u.location.line) for u in unknown] == [("aws_security_group_rule.ssh", 7)]


def test_variable_default_open_to_the_world_is_reported_at_the_cidr_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"main.tf": SSH_RULE + 'variable "admin_cidrs" { default = ["0.0.0.0/0"] }\n'})
    found = [f for f in _scan(tmp_path, "AWS008").findings if f.rule_id == "AWS008"]
    assert [(f.path, f.line, f.severity) for f in found] == [("main.tf", 7, Severity.CRITICAL)]
    assert "0.0.0.0/0" in found[0].message and "22 (SSH)" in found[0].message


def test_tfvars_value_replaces_the_open_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {
        "main.tf": SSH_RULE + 'variable "admin_cidrs" { default = ["0.0.0.0/0"] }\n',
        "terraform.tfvars": 'admin_cidrs = ["198.51.100.0/24"]\n',
    })
    assert [f for f in _scan(tmp_path, "AWS008").findings if f.rule_id == "AWS008"] == []


def test_local_module_finding_points_into_the_module_with_the_call_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {
        "main.tf": """
            module "db_sg" {
              source  = "./modules/sg"
              sources = ["0.0.0.0/0"]
            }
        """,
        "modules/sg/main.tf": """
            variable "sources" { type = list(string) }

            resource "aws_security_group" "this" {
              name = "db"
              ingress {
                from_port   = 5432
                to_port     = 5432
                protocol    = "tcp"
                cidr_blocks = var.sources
              }
            }
        """,
    })
    found = [f for f in _scan(tmp_path, "AWS009").findings if f.rule_id == "AWS009"]
    assert [(f.path, f.line, f.resource) for f in found] == [
        ("modules/sg/main.tf", 10, "module.db_sg.aws_security_group.this")]
    assert "5432 (PostgreSQL)" in found[0].message


def test_heredoc_policy_with_interpolations_is_still_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"iam.tf": """
        resource "aws_iam_role_policy" "app" {
          role   = aws_iam_role.app.id
          policy = <<EOF
        {
          "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${aws_s3_bucket.b.arn}/*"},
            {"Effect": "Allow", "Action": "*", "Resource": "*"}
          ]
        }
        EOF
        }
    """})
    found = [f for f in _scan(tmp_path, "AWS013").findings if f.rule_id == "AWS013"]
    assert [(f.line, f.severity) for f in found] == [(4, Severity.HIGH)]


HARDENED = {
    "network.tf": """
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }

        resource "aws_flow_log" "main" {
          vpc_id          = aws_vpc.main.id
          traffic_type    = "ALL"
          log_destination = aws_cloudwatch_log_group.flow.arn
          iam_role_arn    = aws_iam_role.flow.arn
        }

        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
        }

        resource "aws_security_group" "web" {
          vpc_id = aws_vpc.main.id
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
    """,
    "compute.tf": """
        resource "aws_instance" "app" {
          ami           = "ami-0123456789abcdef0"
          instance_type = "t3.micro"
          metadata_options {
            http_tokens = "required"
          }
          root_block_device {
            encrypted = true
          }
        }

        resource "aws_ebs_encryption_by_default" "on" {
          enabled = true
        }

        resource "aws_kms_key" "data" {
          enable_key_rotation = true
        }
    """,
    "iam.tf": """
        resource "aws_iam_account_password_policy" "cis" {
          minimum_password_length      = 14
          password_reuse_prevention    = 24
          max_password_age             = 90
          require_lowercase_characters = true
          require_uppercase_characters = true
          require_numbers              = true
          require_symbols              = true
        }

        resource "aws_iam_role" "app" {
          assume_role_policy = jsonencode({
            Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                           Principal = { Service = "ec2.amazonaws.com" } }]
          })
        }
    """,
    "logging.tf": """
        resource "aws_cloudtrail" "main" {
          name                       = "main"
          s3_bucket_name             = "trail-logs"
          is_multi_region_trail      = true
          enable_log_file_validation = true
          kms_key_id                 = aws_kms_key.data.arn
          cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
        }

        resource "aws_guardduty_detector" "main" {
          enable = true
        }

        resource "aws_s3_bucket_public_access_block" "logs" {
          bucket                  = "trail-logs"
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }
    """,
    "edge.tf": """
        resource "aws_lb" "web" {
          drop_invalid_header_fields = true
          enable_deletion_protection = true
        }

        resource "aws_lb_listener" "http" {
          load_balancer_arn = aws_lb.web.arn
          port              = 80
          protocol          = "HTTP"
          default_action {
            type = "redirect"
            redirect {
              port        = "443"
              protocol    = "HTTPS"
              status_code = "HTTP_301"
            }
          }
        }

        resource "aws_lb_listener" "https" {
          load_balancer_arn = aws_lb.web.arn
          port              = 443
          protocol          = "HTTPS"
          ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
          default_action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.web.arn
          }
        }
    """,
}


def test_hardened_configuration_has_no_finding_of_medium_or_higher(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, HARDENED)
    result = _scan(tmp_path)
    loud = [(f.rule_id, f.path, f.line) for f in result.findings if f.severity >= Severity.MEDIUM]
    assert loud == []


def test_weakening_the_hardened_configuration_is_caught(tmp_path, monkeypatch):
    """The same files with three settings weakened: exactly those three findings."""
    monkeypatch.chdir(tmp_path)
    weak = dict(HARDENED)
    weak["compute.tf"] = weak["compute.tf"].replace('http_tokens = "required"', 'http_tokens = "optional"')
    weak["network.tf"] = weak["network.tf"].replace("from_port   = 443\n            to_port     = 443",
                                                    "from_port   = 0\n            to_port     = 1024")
    weak["logging.tf"] = weak["logging.tf"].replace("is_multi_region_trail      = true",
                                                    "is_multi_region_trail      = false")
    _write(tmp_path, weak)
    loud = sorted((f.rule_id, f.path) for f in _scan(tmp_path).findings if f.severity >= Severity.MEDIUM)
    assert loud == [("AWS008", "network.tf"), ("AWS022", "compute.tf"), ("AWS030", "logging.tf")]


def test_bucket_policy_shapes_escaped_string_variable_principal_and_template(tmp_path, monkeypatch):
    """An escaped JSON string with an interpolation and a principal from a variable default
    are read; a policy rendered from a template file is unknown, not a finding."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"main.tf": r'''
        resource "aws_s3_bucket_policy" "escaped" {
          bucket = aws_s3_bucket.b.id
          policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"${aws_s3_bucket.b.arn}/*\"}]}"
        }

        variable "principal" { default = "*" }

        resource "aws_s3_bucket_policy" "from_variable" {
          bucket = aws_s3_bucket.b.id
          policy = jsonencode({
            Statement = [{ Effect = "Allow", Principal = var.principal, Action = "s3:GetObject",
                           Resource = "arn:aws:s3:::b/*" }]
          })
        }

        resource "aws_s3_bucket_policy" "template" {
          bucket = aws_s3_bucket.b.id
          policy = templatefile("${path.module}/policy.json", { bucket = "b" })
        }
    '''})
    result = _scan(tmp_path, "AWS002")
    found = [(f.line, f.resource) for f in result.findings if f.rule_id == "AWS002"]
    assert found == [(4, "aws_s3_bucket_policy.escaped"), (11, "aws_s3_bucket_policy.from_variable")]
    assert [u.resource for u in result.unknowns if u.rule_id == "AWS002"] == ["aws_s3_bucket_policy.template"]

"""AWS data store, messaging, container, serverless and API rules on whole configurations:
a hardened setup stays quiet, values from a module's caller decide, unset variables decide
nothing, and findings inside a local module point at the module file."""

from __future__ import annotations

import textwrap
from pathlib import Path

from linter.engine import ScanOptions, scan
from linter.model import Severity

MY_RULES = [f"AWS{n:03d}" for n in range(50, 100)]
KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _scan(root: Path, *rules: str, **extra):
    return scan(ScanOptions(targets=[str(root)], select=list(rules) or MY_RULES, **extra))


HARDENED = f"""
    resource "aws_db_instance" "db" {{
      identifier                          = "orders"
      engine                              = "postgres"
      instance_class                      = "db.t3.micro"
      storage_encrypted                   = true
      kms_key_id                          = "{KEY}"
      publicly_accessible                 = false
      backup_retention_period             = 14
      deletion_protection                 = true
      iam_database_authentication_enabled = true
      performance_insights_enabled        = true
      performance_insights_kms_key_id     = "{KEY}"
      manage_master_user_password         = true
    }}

    resource "aws_rds_cluster" "aurora" {{
      cluster_identifier                  = "aurora"
      engine                              = "aurora-postgresql"
      storage_encrypted                   = true
      kms_key_id                          = "{KEY}"
      backup_retention_period             = 14
      deletion_protection                 = true
      iam_database_authentication_enabled = true
      manage_master_user_password         = true
    }}

    resource "aws_rds_cluster_instance" "aurora" {{
      cluster_identifier  = aws_rds_cluster.aurora.id
      instance_class      = "db.r6g.large"
      engine              = "aurora-postgresql"
      publicly_accessible = false
    }}

    resource "aws_redshift_cluster" "dw" {{
      cluster_identifier  = "dw"
      node_type           = "ra3.xlplus"
      encrypted           = true
      kms_key_id          = "{KEY}"
      publicly_accessible = false
    }}

    resource "aws_redshift_logging" "dw" {{
      cluster_identifier   = aws_redshift_cluster.dw.id
      log_destination_type = "cloudwatch"
      log_exports          = ["connectionlog", "userlog", "useractivitylog"]
    }}

    resource "aws_elasticache_replication_group" "cache" {{
      replication_group_id       = "cache"
      description                = "cache"
      at_rest_encryption_enabled = true
      transit_encryption_enabled = true
      user_group_ids             = ["app"]
    }}

    resource "aws_docdb_cluster" "docs" {{
      cluster_identifier      = "docs"
      storage_encrypted       = true
      kms_key_id              = "{KEY}"
      backup_retention_period = 7
      deletion_protection     = true
    }}

    resource "aws_neptune_cluster" "graph" {{
      cluster_identifier                  = "graph"
      storage_encrypted                   = true
      kms_key_arn                         = "{KEY}"
      backup_retention_period             = 7
      deletion_protection                 = true
      iam_database_authentication_enabled = true
    }}

    resource "aws_dynamodb_table" "t" {{
      name     = "t"
      hash_key = "id"
      point_in_time_recovery {{
        enabled = true
      }}
      server_side_encryption {{
        enabled     = true
        kms_key_arn = "{KEY}"
      }}
    }}

    resource "aws_sqs_queue" "q" {{
      name              = "q"
      kms_master_key_id = "alias/q"
    }}

    resource "aws_sns_topic" "t" {{
      name              = "t"
      kms_master_key_id = "alias/t"
    }}

    resource "aws_sqs_queue_policy" "q" {{
      queue_url = aws_sqs_queue.q.id
      policy = jsonencode({{
        Statement = [{{
          Effect    = "Allow"
          Principal = {{ Service = "sns.amazonaws.com" }}
          Action    = "sqs:SendMessage"
          Resource  = aws_sqs_queue.q.arn
          Condition = {{ ArnEquals = {{ "aws:SourceArn" = aws_sns_topic.t.arn }} }}
        }}]
      }})
    }}

    resource "aws_kinesis_stream" "s" {{
      name            = "s"
      shard_count     = 1
      encryption_type = "KMS"
      kms_key_id      = "alias/aws/kinesis"
    }}

    resource "aws_msk_cluster" "k" {{
      cluster_name           = "k"
      kafka_version          = "3.6.0"
      number_of_broker_nodes = 3
      broker_node_group_info {{
        instance_type  = "kafka.m5.large"
        client_subnets = ["subnet-1", "subnet-2", "subnet-3"]
        connectivity_info {{
          public_access {{
            type = "DISABLED"
          }}
        }}
      }}
      encryption_info {{
        encryption_in_transit {{
          client_broker = "TLS"
          in_cluster    = true
        }}
      }}
      client_authentication {{
        sasl {{
          iam = true
        }}
      }}
    }}

    resource "aws_opensearch_domain" "search" {{
      domain_name = "search"
      encrypt_at_rest {{
        enabled = true
      }}
      node_to_node_encryption {{
        enabled = true
      }}
      domain_endpoint_options {{
        enforce_https       = true
        tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
      }}
    }}

    resource "aws_lambda_function" "fn" {{
      function_name = "fn"
      role          = "arn:aws:iam::111122223333:role/fn"
      handler       = "main.handler"
      runtime       = "python3.12"
      environment {{
        variables = {{
          DB_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"
          LOG_LEVEL     = "info"
        }}
      }}
    }}

    resource "aws_lambda_function_url" "fn" {{
      function_name      = aws_lambda_function.fn.function_name
      authorization_type = "AWS_IAM"
    }}

    resource "aws_lambda_permission" "fn" {{
      action        = "lambda:InvokeFunction"
      function_name = aws_lambda_function.fn.function_name
      principal     = "events.amazonaws.com"
      source_arn    = "arn:aws:events:eu-west-1:111122223333:rule/nightly"
    }}

    resource "aws_eks_cluster" "k8s" {{
      name                      = "k8s"
      role_arn                  = "arn:aws:iam::111122223333:role/eks"
      enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
      vpc_config {{
        subnet_ids              = ["subnet-1", "subnet-2"]
        endpoint_private_access = true
        endpoint_public_access  = false
      }}
      encryption_config {{
        resources = ["secrets"]
        provider {{
          key_arn = "{KEY}"
        }}
      }}
    }}

    resource "aws_ecr_repository" "repo" {{
      name                 = "repo"
      image_tag_mutability = "IMMUTABLE"
      image_scanning_configuration {{
        scan_on_push = true
      }}
    }}

    resource "aws_ecs_task_definition" "task" {{
      family = "task"
      container_definitions = jsonencode([{{
        name    = "app"
        image   = "example/app:1.0.0"
        secrets = [{{ name = "DB_PASSWORD", valueFrom = "arn:aws:ssm:eu-west-1:111122223333:parameter/db" }}]
      }}])
    }}

    resource "aws_api_gateway_rest_api" "api" {{
      name = "api"
      endpoint_configuration {{
        types = ["PRIVATE"]
      }}
    }}

    resource "aws_api_gateway_method" "get" {{
      rest_api_id   = aws_api_gateway_rest_api.api.id
      resource_id   = "r"
      http_method   = "GET"
      authorization = "AWS_IAM"
    }}

    resource "aws_api_gateway_stage" "prod" {{
      rest_api_id          = aws_api_gateway_rest_api.api.id
      deployment_id        = "d"
      stage_name           = "prod"
      xray_tracing_enabled = true
      access_log_settings {{
        destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:api"
        format          = "$context.requestId"
      }}
    }}

    resource "aws_secretsmanager_secret" "db" {{
      name       = "db"
      kms_key_id = "{KEY}"
    }}

    resource "aws_secretsmanager_secret_rotation" "db" {{
      secret_id           = aws_secretsmanager_secret.db.id
      rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"
      rotation_rules {{
        automatically_after_days = 30
      }}
    }}

    resource "aws_sagemaker_notebook_instance" "nb" {{
      name                   = "nb"
      role_arn               = "arn:aws:iam::111122223333:role/sm"
      instance_type          = "ml.t3.medium"
      subnet_id              = "subnet-1"
      direct_internet_access = "Disabled"
      root_access            = "Disabled"
    }}

    resource "aws_launch_template" "lt" {{
      name_prefix = "lt-"
      user_data   = base64encode("#!/bin/bash\\nyum install -y httpd\\n")
    }}
"""


def test_hardened_configuration_gives_no_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"main.tf": HARDENED})
    result = _scan(tmp_path)
    assert [(f.rule_id, f.line, f.message) for f in result.findings] == []


def test_unset_variables_decide_nothing(tmp_path, monkeypatch):
    """A module whose every security setting comes from a variable without a value."""
    monkeypatch.chdir(tmp_path)
    names = ["publicly_accessible", "storage_encrypted", "backup_retention_period",
             "encrypted", "endpoint_public_access", "public_access_cidrs", "authorization",
             "image_tag_mutability", "policy", "container_definitions", "user_data",
             "environment", "kms_master_key_id", "authorization_type", "principal",
             "log_types", "encryption_resources"]
    variables = "".join(f'variable "{n}" {{}}\n' for n in names)
    _write(tmp_path, {"main.tf": variables + """
        resource "aws_db_instance" "db" {
          engine                  = "postgres"
          instance_class          = "db.t3.micro"
          publicly_accessible     = var.publicly_accessible
          storage_encrypted       = var.storage_encrypted
          backup_retention_period = var.backup_retention_period
        }
        resource "aws_redshift_cluster" "dw" {
          cluster_identifier  = "dw"
          encrypted           = var.encrypted
          publicly_accessible = var.publicly_accessible
        }
        resource "aws_redshift_logging" "dw" {
          cluster_identifier   = aws_redshift_cluster.dw.id
          log_destination_type = "cloudwatch"
        }
        resource "aws_eks_cluster" "k8s" {
          name                      = "k8s"
          enabled_cluster_log_types = var.log_types
          encryption_config {
            resources = var.encryption_resources
          }
          vpc_config {
            endpoint_public_access = var.endpoint_public_access
            public_access_cidrs    = var.public_access_cidrs
          }
        }
        resource "aws_sqs_queue_policy" "q" {
          queue_url = "q"
          policy    = var.policy
        }
        resource "aws_ecs_task_definition" "t" {
          family                = "t"
          container_definitions = var.container_definitions
        }
        resource "aws_instance" "i" {
          ami       = "ami-1"
          user_data = var.user_data
        }
        resource "aws_lambda_function" "fn" {
          function_name = "fn"
          environment {
            variables = var.environment
          }
        }
        resource "aws_lambda_function_url" "u" {
          function_name      = "fn"
          authorization_type = var.authorization_type
        }
        resource "aws_lambda_permission" "p" {
          function_name = "fn"
          principal     = var.principal
        }
        resource "aws_api_gateway_method" "m" {
          rest_api_id   = "a"
          resource_id   = "r"
          http_method   = "GET"
          authorization = var.authorization
        }
    """})
    result = _scan(tmp_path)
    loud = [(f.rule_id, f.line) for f in result.findings if f.severity >= Severity.MEDIUM]
    assert loud == []
    unknown_rules = {u.rule_id for u in result.unknowns}
    assert {"AWS050", "AWS051", "AWS058", "AWS080", "AWS082", "AWS092"} <= unknown_rules


def test_caller_values_decide_findings_in_module_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {
        "main.tf": """
            module "db" {
              source              = "./modules/db"
              publicly_accessible = true
            }
            module "private_db" {
              source = "./modules/db"
            }
        """,
        "modules/db/main.tf": """
            variable "publicly_accessible" {
              type    = bool
              default = false
            }
            resource "aws_db_instance" "this" {
              engine              = "postgres"
              instance_class      = "db.t3.micro"
              storage_encrypted   = true
              publicly_accessible = var.publicly_accessible
            }
        """,
    })
    result = _scan(tmp_path, "AWS050")
    got = [(f.path, f.line, f.resource) for f in result.findings]
    assert got == [("modules/db/main.tf", 10, "module.db.aws_db_instance.this")]


def test_tfvars_values_are_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {
        "main.tf": """
            variable "mutability" {}
            resource "aws_ecr_repository" "r" {
              name                 = "r"
              image_tag_mutability = var.mutability
            }
        """,
        "terraform.tfvars": 'mutability = "MUTABLE"\n',
    })
    result = _scan(tmp_path, "AWS086")
    assert [(f.rule_id, f.line) for f in result.findings] == [("AWS086", 5)]


def test_user_data_secret_message_does_not_repeat_the_secret(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"main.tf": """
        resource "aws_instance" "web" {
          ami       = "ami-1"
          user_data = "#!/bin/bash\\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\\n"
        }
    """})
    result = _scan(tmp_path, "AWS099")
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.line == 4 and finding.severity == Severity.CRITICAL
    assert "AKIAIOSFODNN7EXAMPLE" not in finding.message
    assert "AWS access key id" in finding.message


def test_json_configuration_blocks_written_as_objects(tmp_path, monkeypatch):
    """In `.tf.json`, a nested block may be an object instead of a list of objects."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"main.tf.json": """\
        {"resource": {"aws_msk_cluster": {"k": {
          "cluster_name": "k",
          "encryption_info": {"encryption_in_transit": {"client_broker": "PLAINTEXT"}},
          "broker_node_group_info": {"connectivity_info": {"public_access": {"type": "SERVICE_PROVIDED_EIPS"}}}
        }}}}
    """})
    result = _scan(tmp_path, "AWS073", "AWS074")
    assert [(f.rule_id, f.line) for f in result.findings] == [("AWS073", 3), ("AWS074", 4)]


def test_python_checks_list_what_they_could_not_decide(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"main.tf": """
        variable "container_definitions" {}
        variable "user_data" {}
        resource "aws_ecs_task_definition" "t" {
          family                = "t"
          container_definitions = var.container_definitions
        }
        resource "aws_instance" "i" {
          ami       = "ami-1"
          user_data = var.user_data
        }
    """})
    result = _scan(tmp_path, "AWS089", "AWS090", "AWS099")
    assert result.findings == []
    got = sorted((u.rule_id, u.location.line) for u in result.unknowns)
    assert got == [("AWS089", 6), ("AWS090", 6), ("AWS099", 10)]
    assert all("no default" in u.expr for u in result.unknowns)


def test_plan_file_values_are_checked(tmp_path, monkeypatch):
    """`terraform show -json` output: planned values, JSON strings for documents."""
    monkeypatch.chdir(tmp_path)
    containers = '[{"name":"app","privileged":true}]'
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [
            {"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance",
             "name": "db", "values": {"engine": "mysql", "instance_class": "db.t3.micro",
                                      "publicly_accessible": True, "storage_encrypted": True,
                                      "restore_to_point_in_time": []}},
            {"address": "aws_ecs_task_definition.t", "mode": "managed",
             "type": "aws_ecs_task_definition", "name": "t",
             "values": {"family": "t", "container_definitions": containers}},
        ]}},
    }
    import json

    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=2))
    result = _scan(tmp_path, "AWS050", "AWS051", "AWS089")
    got = sorted((f.rule_id, f.path) for f in result.findings)
    assert got == [("AWS050", "plan.json"), ("AWS089", "plan.json")]
    assert all(f.line >= 1 for f in result.findings)

"""The AWS pack's one reader of IAM policy documents (rules/aws/_policies.py): every
spelling of a document gives the same statements, and only certainly public statements
are reported as public."""

from __future__ import annotations

import textwrap
from pathlib import Path

from linter.discovery import discover
from linter.kinds.terraform import JsonText, parse, subjects
from linter.model import Unknown
from linter.rules import bundled_rules_dir, load_sibling

lib = load_sibling(str(bundled_rules_dir() / "aws" / "AWS002.py"), "_policies.py")


def _subjects(root: Path, text: str) -> dict:
    (root / "main.tf").write_text(textwrap.dedent(text))
    docs = []
    for f in discover([str(root)]).files:
        docs.extend(parse(str(f.path), f.text).documents)
    return {s.resource: s for s in subjects(docs, {})}


def test_document_spellings():
    text = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}'
    assert lib.document(text)["Statement"][0]["Action"] == "s3:GetObject"
    encoded = JsonText("ignored", {"Statement": []})
    assert lib.document(encoded) == {"Statement": []}
    # a heredoc with interpolations, as the evaluator shows it: the template text, quoted
    heredoc = Unknown('"{"Statement": [{"Effect": "Allow", "Principal": "*", '
                      '"Resource": "${aws_s3_bucket.b.arn}/*", "Action": "${var.action}"}]}"')
    (stmt,) = lib.document(heredoc)["Statement"]
    assert stmt["Resource"] == "${...}/*" and lib.is_unknown(stmt["Action"])
    assert lib.document("not json") is None
    opaque = Unknown("var.policy")
    assert lib.document(opaque) is opaque


def test_public_statements_need_everyone_and_no_narrowing_condition():
    doc = {"Statement": [
        {"Sid": "Open", "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "sqs:*"},
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:*",
         "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}},
        {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:*"},
        {"Effect": "Allow", "Principal": {"AWS": Unknown("var.who")}, "Action": "sqs:*"},
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:*",
         "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
    ]}
    assert [i for i, _ in lib.public_statements(doc)] == [0, 4]


def test_policy_document_data_source_with_source_documents(tmp_path):
    found = _subjects(tmp_path, """
        data "aws_iam_policy_document" "base" {
          statement {
            sid       = "Base"
            actions   = ["sqs:SendMessage"]
            resources = ["*"]
            principals {
              type        = "AWS"
              identifiers = ["*"]
            }
          }
        }

        data "aws_iam_policy_document" "queue" {
          source_policy_documents = [data.aws_iam_policy_document.base.json]
          statement {
            sid     = "Own"
            actions = ["sqs:ReceiveMessage"]
            principals {
              type        = "AWS"
              identifiers = ["*"]
            }
            condition {
              test     = "StringEquals"
              variable = "aws:PrincipalOrgID"
              values   = ["o-123"]
            }
          }
        }

        resource "aws_sqs_queue" "q" {
          name = "q"
        }

        resource "aws_sqs_queue_policy" "p" {
          queue_url = aws_sqs_queue.q.id
          policy    = data.aws_iam_policy_document.queue.json
        }
        """)
    policy = found["aws_sqs_queue_policy.p"]
    view = policy.context["module"]
    statements, unknown = lib.merged_document_statements(
        found["data.aws_iam_policy_document.queue"].node, view)
    assert [s.sid for s in statements] == ["Base", "Own"] and not unknown
    (hit,) = lib.public_policy_hits(policy.node, "policy", view, policy.context["block"])
    assert hit.key == "policy" and hit.attr == "policy.Statement[0]"
    assert hit.values == {"statement": "statement 'Base'", "actions": "sqs:SendMessage"}


def test_partly_known_jsonencode_is_read_from_the_block_as_written(tmp_path):
    found = _subjects(tmp_path, """
        resource "aws_sns_topic" "t" {
          name = "t"
        }

        resource "aws_sns_topic_policy" "p" {
          arn = aws_sns_topic.t.arn
          policy = jsonencode({
            Statement = [{
              Effect    = "Allow"
              Principal = "*"
              Action    = ["sns:Publish", "sns:Subscribe"]
              Resource  = aws_sns_topic.t.arn
            }]
          })
        }
        """)
    policy = found["aws_sns_topic_policy.p"]
    (hit,) = lib.public_policy_hits(policy.node, "policy", policy.context["module"],
                                    policy.context["block"])
    assert hit.values == {"statement": "statement 1", "actions": "sns:Publish, sns:Subscribe"}

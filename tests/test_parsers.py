"""Parsers keep positions: every key, item, attribute and block knows its line."""

from __future__ import annotations

import pytest

from linter.model import Map, Seq
from linter.parsers.terraform import Expr, HclError, parse_hcl, parse_tf_json
from linter.parsers.yamlpos import YamlError, load_all

WORKFLOW = """\
name: ci
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          make
"""


def test_yaml_positions_of_keys_and_items():
    doc = load_all(WORKFLOW, "1.2").documents[0]
    assert isinstance(doc, Map)
    assert doc.key_spans["jobs"].line == 5
    steps = doc["jobs"]["build"]["steps"]
    assert isinstance(steps, Seq)
    assert [s.line for s in steps.item_spans] == [9, 10]
    assert steps[1].key_spans["run"].line == 10
    assert steps[0].key_spans["uses"].column == 9
    assert doc["on"]["push"]["branches"].item_spans[0].line == 4


def test_github_dialect_keeps_on_as_string_and_yaml11_reads_booleans():
    assert "on" in load_all("on: push\n", "1.2").documents[0]
    assert load_all("on: yes\n", "1.2").documents[0]["on"] == "yes"
    assert load_all("enabled: yes\n", "1.1").documents[0]["enabled"] is True
    assert load_all("enabled: true\n", "1.2").documents[0]["enabled"] is True


def test_gitlab_reference_tag_parses():
    doc = load_all(".setup:\n  script: [echo hi]\njob:\n  script: !reference [.setup, script]\n",
                   "gitlab").documents[0]
    ref = doc["job"]["script"]
    assert ref.tag == "!reference" and list(ref) == [".setup", "script"]


def test_duplicate_keys_are_recorded_with_both_lines():
    result = load_all("permissions: read-all\njobs: {}\npermissions: write-all\n", "1.2")
    assert result.documents[0]["permissions"] == "write-all"
    (dup,) = result.duplicates
    assert (dup.key, dup.line, dup.first_line) == ("permissions", 3, 1)


def test_merge_keys_are_not_duplicates_and_keep_anchor_lines():
    text = ".base: &base\n  image: alpine\n  stage: test\njob:\n  <<: *base\n  stage: build\n"
    result = load_all(text, "gitlab")
    job = result.documents[0]["job"]
    assert not result.duplicates
    assert job["image"] == "alpine" and job.key_spans["image"].line == 2
    assert job.key_spans["stage"].line == 6


def test_malformed_yaml_names_the_line():
    with pytest.raises(YamlError) as err:
        load_all("a: 1\nb: [1, 2\nc: 3\n")
    assert err.value.line == 3
    assert "expected" in err.value.message


def test_alias_bomb_is_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    with pytest.raises(YamlError, match="alias"):
        load_all("\n".join(lines) + "\n")


def test_recursive_alias_is_refused():
    with pytest.raises(YamlError, match="recursive"):
        load_all("a: &a [*a]\n")


TF = """\
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  tags = {
    team = "core"
  }
  cidrs = ["10.0.0.0/8", var.extra]
  versioning {
    enabled = true
  }
  name = "x-${var.env}"
}
"""


def test_hcl_positions_of_blocks_attributes_and_items():
    (block,) = parse_hcl(TF)
    assert block.tag == ("resource", ("aws_s3_bucket", "logs"))
    assert block.span.line == 1 and block.span.end_line == 11
    assert block.key_spans["bucket"].line == 2
    assert block["tags"].key_spans["team"].line == 4
    assert block["cidrs"].item_spans[1].column == 26
    assert block["versioning"][0].key_spans["enabled"].line == 8
    assert block["versioning"].item_spans[0].line == 7


def test_hcl_values_literal_or_expression():
    (block,) = parse_hcl(TF)
    assert block["bucket"] == "logs" and not isinstance(block["bucket"], Expr)
    assert isinstance(block["cidrs"][1], Expr)
    assert isinstance(block["name"], Expr)
    assert block["versioning"][0]["enabled"] is True


def test_hcl_bom_and_empty_file():
    assert parse_hcl("\ufeff" + TF)[0].key_spans["bucket"].line == 2
    assert list(parse_hcl("")) == []


def test_hcl_error_names_the_line():
    with pytest.raises(HclError) as err:
        parse_hcl('resource "a" "b" {\n  x = 1\n  y = = 2\n}\n')
    assert err.value.line == 3


def test_tf_json_blocks_have_positions():
    text = '{\n  "resource": {\n    "aws_s3_bucket": {\n      "b": {\n        "acl": "public-read"\n      }\n    }\n  }\n}\n'
    (block,) = parse_tf_json(text)
    assert block.tag == ("resource", ("aws_s3_bucket", "b"))
    assert block.key_spans["acl"].line == 5

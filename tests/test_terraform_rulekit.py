"""The readers Python checks of every Terraform pack share (linter.kinds.terraform.rulekit), and
the loader of pack libraries (linter.rules.load_sibling)."""

from __future__ import annotations

import pytest

from linter.kinds.terraform import parse, rulekit
from linter.model import Map, Seq, Unknown
from linter.rules import RuleError, load_sibling


def _resource(text: str) -> Map:
    (block,) = parse("main.tf", text).documents[0].root
    return block


SG = '''resource "aws_security_group" "sg" {
  ingress {
    from_port = 80
  }
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value
    }
  }
  dynamic "egress" {
    for_each = var.rules
    content {
      from_port = 0
    }
  }
}
'''


def test_blocks_reads_written_and_dynamic_blocks():
    node = _resource(SG)
    found = rulekit.blocks(node, "ingress")
    assert len(found) == 2
    written, dynamic = found
    assert written["from_port"] == 80 and not rulekit.is_dynamic(written)
    assert rulekit.is_dynamic(dynamic)  # its collection may be empty
    assert dynamic.span == node["dynamic"][0]["content"][0].span  # still points at the source
    assert len(rulekit.blocks(node, "egress")) == 1
    assert rulekit.blocks(node, "missing") == [] and rulekit.first_block(node, "missing") is None
    assert rulekit.blocks("not a block", "ingress") == []


def test_blocks_written_as_attribute_lists_keep_only_located_blocks():
    node = Map({"rule": [Map({"a": 1}), {"plain": "dict"}, "text"]})
    assert rulekit.blocks(node, "rule") == [{"a": 1}]
    assert rulekit.first_block(Map({"rule": Map({"b": 2})}), "rule") == {"b": 2}


def test_evaluated_dynamic_blocks_of_unknown_collections_are_dynamic():
    maybe = Map({"x": 1}, tag=("ingress", ("dynamic", "unknown")))
    known = Map({"x": 1}, tag=("ingress", ("dynamic",)))
    assert rulekit.is_dynamic(maybe) and not rulekit.is_dynamic(known)


def test_truth_number_and_lists():
    assert rulekit.truth(True) is True and rulekit.truth(" FALSE ") is False
    assert rulekit.truth("enabled") is None and rulekit.truth(Unknown("var.x")) is None
    assert rulekit.truth("enabled", {"enabled": True}) is True
    assert rulekit.truth(1) is None
    assert rulekit.number("12") == 12.0 and rulekit.number(True) is None
    assert rulekit.number(Unknown("var.n")) is None and rulekit.number("x") is None
    assert rulekit.as_list(None) == [] and rulekit.as_list("a") == ["a"]
    assert rulekit.as_list(("a", "b")) == ["a", "b"]
    assert rulekit.list_items("a") == [] and rulekit.list_items(["a"]) == ["a"]


def test_partial_jsonencode_keeps_literals_and_marks_references_unknown():
    doc = rulekit.partial_jsonencode(
        '${jsonencode({Statement = [{Effect = "Allow", Principal = "*", '
        'Resource = aws_sqs_queue.q.arn, "Sid" = "x-${var.env}"}]})}')
    (stmt,) = doc["Statement"]
    assert stmt["Effect"] == "Allow" and stmt["Principal"] == "*"
    assert isinstance(stmt["Resource"], Unknown) and isinstance(stmt["Sid"], Unknown)
    assert rulekit.partial_jsonencode("${var.policy}") is None
    assert rulekit.partial_jsonencode("${jsonencode(}") is None


def test_partial_object_reads_literal_entries_of_merge():
    found = rulekit.partial_object('${merge(var.env, {DB_PASSWORD = "hunter22", HOST = var.h})}')
    assert found["DB_PASSWORD"] == "hunter22" and isinstance(found["HOST"], Unknown)
    assert rulekit.partial_object("${var.env}") == {}


def test_require_block_flag():
    missing = list(rulekit.require_block_flag(Map({}), "encryption"))
    assert [(h.key, h.attr, h.values["missing"]) for h in missing] == [(None, "encryption", "encryption")]
    off = Map({"encryption": Seq([Map({"enabled": "false"})])})
    (hit,) = rulekit.require_block_flag(off, "encryption")
    assert hit.node is off["encryption"][0] and hit.key == "enabled" and not hit.unknown
    assert hit.attr == "encryption[0].enabled"
    default_off = Map({"encryption": Seq([Map({})])})
    (hit,) = rulekit.require_block_flag(default_off, "encryption")
    assert hit.key is None  # not written: point at the block
    unknown = Map({"encryption": Seq([Map({"enabled": Unknown("var.on")})])})
    (hit,) = rulekit.require_block_flag(unknown, "encryption")
    assert hit.unknown and hit.values["value"] == "var.on"
    maybe = Map({"encryption": Seq([Map({"enabled": False}, tag=("encryption", ("dynamic", "unknown")))])})
    assert list(rulekit.require_block_flag(maybe, "encryption")) == []
    on = Map({"encryption": Seq([Map({"enabled": True})])})
    assert list(rulekit.require_block_flag(on, "encryption")) == []


def test_is_every_address():
    assert rulekit.is_every_address("0.0.0.0/0") and rulekit.is_every_address(" ::/0 ")
    assert not rulekit.is_every_address("10.0.0.0/8") and not rulekit.is_every_address("internet")


def test_load_sibling_shares_one_copy_per_library(tmp_path):
    (tmp_path / "_lib.py").write_text("LOADS = []\nLOADS.append(1)\n")
    first = load_sibling(str(tmp_path / "X001-a.py"), "_lib.py")
    second = load_sibling(str(tmp_path / "X002-b.py"), "_lib.py")
    assert first is second and first.LOADS == [1]


def test_load_sibling_failures_are_not_cached(tmp_path):
    (tmp_path / "_broken.py").write_text("raise ValueError('broken library')\n")
    for _ in range(2):
        with pytest.raises(ValueError, match="broken library"):
            load_sibling(str(tmp_path / "X001-a.py"), "_broken.py")
    with pytest.raises((RuleError, FileNotFoundError)):
        load_sibling(str(tmp_path / "X001-a.py"), "_missing.py")

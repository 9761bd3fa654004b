"""Reading HCL: located values, plain-word parse errors, and the content-keyed cache
returning exactly what a fresh parse returns."""

from __future__ import annotations

import pytest

from linter.model import Map, Seq
from linter.parsers.terraform import Expr, HclError, parse_hcl

TEXT = '''
resource "aws_s3_bucket" "b" {
  bucket = "b-${var.env}"
  tags = {
    Name = "x"
  }
  cidr_blocks = [
    "10.0.0.0/8", # office
  ]
  versioning {
    enabled = true
  }
}
'''


def _shape(value):
    if isinstance(value, Map):
        return ("M", value.span, value.tag, [(k, value.key_spans.get(k), _shape(v))
                                             for k, v in value.items()])
    if isinstance(value, Seq):
        return ("S", value.span, list(value.item_spans), [_shape(v) for v in value])
    return (type(value).__name__, value)


def test_cache_returns_what_a_fresh_parse_returns(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("IACGATE_NO_CACHE", "1")
    fresh = parse_hcl(TEXT)
    monkeypatch.setenv("IACGATE_NO_CACHE", "0")
    stored = parse_hcl(TEXT)
    assert list((tmp_path / "iacgate" / "hcl").rglob("*")), "nothing was cached"
    cached = parse_hcl(TEXT)
    assert _shape(cached) == _shape(fresh) == _shape(stored)
    block = cached[0]
    assert isinstance(block["bucket"], Expr) and block.key_spans["bucket"].line == 3
    assert block["cidr_blocks"] == ["10.0.0.0/8"]
    assert block["versioning"][0]["enabled"] is True


def test_a_corrupt_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parse_hcl(TEXT)
    for entry in (tmp_path / "iacgate" / "hcl").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x00garbage")
    assert parse_hcl(TEXT)[0]["tags"] == {"Name": "x"}


@pytest.mark.parametrize("text,message,line", [
    ('resource "a" "b" {\n  x = "y"\n', "unexpected end of file: missing '}'", 3),
    ('locals {\n  x = [1, 2\n}\n', "unexpected '}': expected ']'", 3),
    ('resource "a" "b" {\n  x = "y"\n}\n}\n', "unexpected '}': expected end of file", 4),
    ('resource "a" "b" {\n  x = @\n}\n', "unexpected character '@'", 2),
])
def test_parse_errors_in_plain_words(text, message, line, monkeypatch):
    monkeypatch.setenv("IACGATE_NO_CACHE", "1")
    with pytest.raises(HclError) as info:
        parse_hcl(text)
    assert info.value.message.startswith(message)
    assert "$END" not in info.value.message
    assert info.value.line == line

"""The tree-sitter HCL reader against the python-hcl2 one: same tags, keys, spans and
values on tricky snippets and on every Terraform file of the corpus, the same parse
errors, and the same findings when a whole scan runs on either."""

from __future__ import annotations

import os
import re
from dataclasses import astuple
from pathlib import Path

import pytest
import tree_sitter_hcl  # noqa: E402,F401 - a required dependency: missing it is a failure, not a skip
from fixture_support import CORPUS, needs_corpus  # noqa: E402

from linter.kinds.terraform.expr import ExprError, parse_template  # noqa: E402
from linter.model import Map, Seq  # noqa: E402
from linter.parsers import terraform  # noqa: E402
from linter.parsers.hcl_treesitter import parse_hcl_ts  # noqa: E402
from linter.parsers.terraform import Expr, HclError  # noqa: E402


def reference(text: str):
    """What python-hcl2 gives, without the cache."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return Seq()
    terraform._prepare_parser()
    import hcl2

    return terraform._parse_uncached(text, hcl2)


def _expr_meaning(text: str):
    """What the evaluator reads from an expression text (python-hcl2 re-serialises
    expressions, the tree-sitter reader keeps the source)."""
    try:
        return ("tree", parse_template(text))
    except (ExprError, RecursionError) as exc:
        return ("not evaluated", type(exc).__name__)


def differences(a, b, path: str = "", strict: bool = True) -> list[str]:
    """Every way two parsed trees differ, as readable lines (empty when identical).
    Expressions must read the same text, or with `strict=False` the same to the
    evaluator."""
    if type(a) is not type(b):
        return [f"{path}: {type(a).__name__} {a!r:.80} != {type(b).__name__} {b!r:.80}"]
    out: list[str] = []
    if isinstance(a, (Map, Seq)) and a.span is not None and tuple(a.span) != tuple(b.span):
        out.append(f"{path}: span {tuple(a.span)} != {tuple(b.span)}")
    if isinstance(a, Map):
        if a.tag != b.tag:
            out.append(f"{path}: tag {a.tag} != {b.tag}")
        if list(a) != list(b):
            return out + [f"{path}: keys {list(a)} != {list(b)}"]
        for key in a:
            if tuple(a.key_spans[key]) != tuple(b.key_spans[key]):
                out.append(f"{path}.{key}: span {tuple(a.key_spans[key])} != "
                           f"{tuple(b.key_spans[key])}")
            out += differences(a[key], b[key], f"{path}.{key}", strict)
    elif isinstance(a, Seq):
        if len(a) != len(b):
            return out + [f"{path}: {len(a)} items != {len(b)}"]
        for i, (x, y) in enumerate(zip(a, b)):
            if tuple(a.item_spans[i]) != tuple(b.item_spans[i]):
                out.append(f"{path}[{i}]: span {tuple(a.item_spans[i])} != "
                           f"{tuple(b.item_spans[i])}")
            out += differences(x, y, f"{path}[{i}]", strict)
    elif isinstance(a, Expr):
        if a != b and (strict or _expr_meaning(a) != _expr_meaning(b)):
            out.append(f"{path}: {str(a)!r} != {str(b)!r}")
    elif a != b or type(a) is not type(b):
        out.append(f"{path}: {a!r} != {b!r}")
    return out


SNIPPETS = {
    "blocks-and-labels": 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'
                         'resource aws_s3_bucket c {\n}\nterraform {}\n',
    "multi-line-list-with-comments": 'locals {\n  l = [\n    # first\n    "a", // inline\n'
                                     '    "b", /* block */\n    var.c,\n  ]\n}\n',
    "nested-blocks-repeat": 'resource "a" "b" {\n  rule {\n    x = 1\n  }\n  rule {\n'
                            '    x = 2\n    inner {\n      y = true\n    }\n  }\n}\n',
    "attribute-and-block-same-name": 'resource "a" "b" {\n  tags = {}\n  tags {\n  }\n}\n'
                                     'resource "a" "c" {\n  tags {\n  }\n  tags = {}\n}\n',
    "duplicate-keys": 'locals {\n  o = { k = 1, k = 2 }\n}\n',
    "numbers": 'locals {\n  a = 1\n  b = -2\n  c = - 3\n  d = 1.50\n  e = -0.5\n'
               '  f = 1.5e3\n  g = 12345678901234567890\n  h = 007\n}\n',
    "literals": 'locals {\n  t = true\n  f = false\n  n = null\n  s = ""\n  i = string\n}\n',
    "string-escapes": 'locals {\n  a = "tab\\there \\"q\\" back\\\\slash \\u00e9 \\U0001F600"\n'
                      '  b = "\\\\q not an escape"\n  c = "$${not} %%{this}"\n'
                      '  d = "$${kept}-${var.x}"\n  e = "\\\\${var.y}"\n  f = "$$"\n}\n',
    "templates": 'locals {\n  a = "x-${var.env}-y"\n  b = "${var.a}"\n'
                 '  c = "${var.a == "x" ? "y\\n" : "z"}"\n  d = "%{ if var.x }on%{ endif }"\n'
                 '  e = "${ upper(var.s) }"\n}\n',
    "heredocs": 'locals {\n  a = <<EOT\n  keep "indent" \\n\n\n  ${var.x}  \nEOT\n'
                '  b = <<-EOT\n    trimmed\n      more\n\n    $${x}\n  EOT\n'
                '  c = [<<EOT\nin a list\nEOT\n  , 2]\n  d = <<EOF\n{"a": 1}\nEOF\n}\n',
    "expressions": 'locals {\n  a = var.a ? "a" : "b"\n  b = [for s in var.l : upper(s) if s != ""]\n'
                   '  c = {for k, v in var.m : k => v...}\n  d = aws_s3_bucket.x[*].id\n'
                   '  e = var.list[0].name\n  f = !var.enabled\n  g = (1)\n  h = -var.n\n'
                   '  i = module.m.out["key"]\n  j = provider::aws::arn_parse(var.arn)\n}\n',
    "multi-line-call-with-comments": 'locals {\n  p = jsonencode({\n    a = "b" # why\n'
                                     '    "c" = [1, /* two */ 2]\n  })\n  q = merge(\n'
                                     '    var.tags, // base\n    { Name = "x" },\n  )\n}\n',
    "binary-operation-spans": 'locals {\n  a = 1 + 2\n  b = var.x == "y" # same line\n\n'
                              '  c = var.a && var.b\n\n\n  # a comment\n  d = 1\n'
                              '  e = var.c ? 1 : var.d + 1\n  f = [var.a + 1\n  ]\n'
                              '  g = { k = var.b * 2\n  }\n}\n',
    "object-keys": 'locals {\n  o = {\n    1 = "one"\n    "quoted key" = 2\n    (var.k) = 3\n'
                   '    a.b = 4\n    for = 5\n    in = 6\n    "${var.p}-x" = 7\n'
                   '    "tab\\tkey" : 8\n    true = 9\n  }\n}\n',
    "tfvars": 'region = "eu-west-1"\ntags = {\n  Team = "x"\n}\ncidrs = ["10.0.0.0/8"]\n',
    "mixed-top-level": 'a = 1\nresource "r" "n" {\n  x = 1\n}\nb = var.c\n',
    "unicode-columns": 'locals {\n  s = "ü-${var.x}"\n  l = ["日本語", "x", { k = "é" }]\n}\n'
                       'resource "a" "b" { name = "日本語" }\n',
    "crlf": 'resource "a" "b" {\r\n  x = "y"\r\n  l = [\r\n    1,\r\n  ]\r\n'
            '  h = <<EOT\r\nline\r\nEOT\r\n}\r\n',
    "leading-space-no-final-newline": '\n\n  variable "v" {\n    default = 1\n  }',
    "only-comments": "# nothing here\n// at all\n/* really */\n",
    "one-line-blocks": 'variable "x" { default = 1 }\nresource "a" "b" { x = [1, 2] }\n',
    "splat-and-index-keys": 'locals {\n  a = var.l[*]\n  b = var.m["k"].x\n  c = var.l.0\n}\n',
    "unformatted-expressions": 'locals {\n  a = a+b\n  b = x?1:2\n  c = [for k,v in m: v]\n'
                               '  d = {for k,v in m: k=>v}\n  e = {(a%b) = 1}\n  f = try(a,b)\n'
                               '  g = f( 1 , 2 , )\n  h = "${ x==1 }"\n}\n',
    "comment-placements": 'resource "a" "b" { # c\n  x = 1 /* c */\n  z = [ /* c */ 1 /* d */, # e\n    2 ]\n'
                          '  o = { # c\n    a = 1 # c\n    # c\n  }\n}\n',
    "heredoc-in-object-and-call": 'locals {\n  o = {\n    a = <<EOT\nx\nEOT\n    b = 2\n  }\n  p = jsonencode(<<EOT\n'
                                  '{"a": "${var.b}"}\nEOT\n  )\n  q = templatefile("${path.module}/x.tpl", {\n'
                                  '    a = var.a\n  })\n}\n',
    "heredoc-directives": 'locals {\n  a = <<-EOT\n    %{ for x in var.l ~}\n    ${x}\n    %{ endfor ~}\n'
                          '  EOT\n}\n',
    "dynamic-blocks": 'resource "aws_security_group" "s" {\n  dynamic "ingress" {\n'
                      '    for_each = var.rules\n    content {\n      from_port = ingress.value.from\n'
                      '      cidr_blocks = [for c in ingress.value.cidrs : c if c != "0.0.0.0/0"]\n'
                      '    }\n  }\n}\n',
    "labels-escapes": 'resource "a\\tb" "c${d}" {\n}\nblock "x" y "z" {}\n',
    "keywords-as-names": 'locals {\n  in = 1\n  for = 2\n  if = 3\n  null_value = null\n'
                         '  true_ish = "true"\n}\nin {\n  x = 1\n}\n',
    "trailing-commas-colons": 'locals {\n  o = { a : 1, b : "x", }\n  l = [1, 2, ]\n  f = f(1, 2, )\n'
                              '  e = f(var.l...)\n}\n',
    "deep": ('locals {\n  d = ' + "[" * 30 + "1" + "]" * 30 + "\n  e = "
             + "{a = " * 20 + "1" + "}" * 20 + "\n}\n"),
    "interp-nested-quotes": 'locals {\n  a = "${lookup(var.m, "k", "d")}-${var.b["x"]}"\n'
                            '  b = "${join(",", [for s in var.l : "\\"${s}\\""])}"\n'
                            '  c = "a ${var.x}%{if var.y} b%{endif}"\n}\n',
    "binary-at-block-end": 'locals {\n  a = 1 + 2 }\nlocals {\n  b = var.x && var.y # why\n}\nz = 1 - 2\n',
    "multiline-conditional": 'locals {\n  a = (\n    var.x\n    ? "a"\n    : "b"\n  )\n  b = var.x ? (\n'
                             '    "a"\n  ) : "b"\n  c = var.l != null ? var.l : [\n    1,\n  ]\n}\n',
    "ops-continuation": 'locals {\n  a = var.x ||\n    var.y\n  b = var.x\n    && var.y\n  c = 1 +\n'
                        '    2 # tail\n}\n',
    "strings-with-hash": 'locals {\n  a = "#notacomment"\n  b = "${var.a}#x // y /* z */"\n'
                         '  c = f("#", "//") # real\n}\n',
    "empty-bodies": 'a {}\nb "x" {}\nc {\n}\nd {\n  # only a comment\n}\n',
    "unicode-in-expr": 'locals {\n  a = f("日本", var.x) # ü\n  b = ["é", var.y + 1\n  ]\n}\n',
}


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("IACGATE_NO_CACHE", "1")


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_reads_the_same(name):
    text = SNIPPETS[name]
    assert differences(reference(text), parse_hcl_ts(text)) == []


def test_an_attribute_set_twice_is_refused_by_both_readers():
    """Terraform rejects "Attribute redefined": neither reader keeps the last value."""
    from linter.parsers.hcl_values import Redefined

    for text in ('locals {\n  a = 1\n  a = 2\n}\n', 'a = 1\nb = 2\na = [3]\n'):
        for read in (reference, parse_hcl_ts):
            with pytest.raises(Redefined) as err:
                read(text)
            assert err.value.line == 3 and "line 2" in err.value.message or "line 1" in err.value.message


def test_differences_are_noticed():
    """The comparison itself can fail: a span, a key, a literal, an Expr meaning."""
    a = reference('x = 1\ny = "a"\nz = var.a\n')
    assert differences(a, reference('x = 1\ny = "b"\nz = var.a\n'))
    assert differences(a, reference('x = 1\n\ny = "a"\nz = var.a\n'))
    assert differences(a, reference('x = 1\ny = "a"\nz = var.b\n'))
    assert differences(a, reference('x = 1.0\ny = "a"\nz = var.a\n'))
    assert _expr_meaning("${f(1,2)}") == _expr_meaning("${f(\n  1,\n  2)}")


def test_values_a_rule_sees():
    (block, attrs) = parse_hcl_ts(SNIPPETS["mixed-top-level"])
    assert block.tag == ("resource", ("r", "n")) and block.key_spans["x"].line == 3
    assert attrs.tag == ("attributes", ()) and attrs["a"] == 1
    assert attrs["b"] == Expr("${var.c}") and attrs.key_spans["b"].line == 5
    locals_ = parse_hcl_ts(SNIPPETS["templates"])[0]
    assert locals_["a"] == "x-${var.env}-y" and isinstance(locals_["a"], Expr)
    literals = parse_hcl_ts(SNIPPETS["string-escapes"])[0]
    assert literals["c"] == "${not} %{this}" and not isinstance(literals["c"], Expr)
    assert literals["a"] == 'tab\there "q" back\\slash é 😀'


def test_expression_text_drops_comments_and_line_breaks():
    (locals_,) = parse_hcl_ts(SNIPPETS["multi-line-call-with-comments"])
    assert "#" not in locals_["p"] and "/*" not in locals_["p"] and "\n" not in locals_["p"]
    assert locals_["q"].startswith("${merge(") and "//" not in locals_["q"]


def test_columns_count_characters_not_bytes():
    (attrs,) = parse_hcl_ts('l = ["日本語", "x"]\n')
    assert attrs["l"].item_spans[1].column == 13 and attrs.key_spans["l"].end_column == 17


def test_bom_and_empty_files():
    assert list(parse_hcl_ts("")) == [] and list(parse_hcl_ts("\n \n")) == []
    assert parse_hcl_ts("\ufeffa = 1\n")[0]["a"] == 1


BROKEN = [
    ('resource "a" "b" {\n  x = "y"\n', "unexpected end of file: missing '}'", 3),
    ('locals {\n  x = [1, 2\n}\n', "unexpected '}': expected ']'", 3),
    ('resource "a" "b" {\n  x = "y"\n}\n}\n', "unexpected '}': expected end of file", 4),
    ('resource "a" "b" {\n  x = @\n}\n', "unexpected character '@'", 2),
    ('resource "a" "b" {\n  x = 1\n  y = = 2\n}\n', "unexpected", 3),
    ('locals {\n  x = "abc\n}\n', "unterminated string", 2),
    ('locals {\n  x = foo(1,\n}\n', "unexpected", 3),
    ('resource "a" "b" {\n  bucket = "x"\n  acl = \n}\n', "unexpected end of line", 3),
]


@pytest.mark.parametrize("text,message,line", BROKEN)
def test_broken_files_raise_like_python_hcl2(text, message, line):
    with pytest.raises(HclError) as ours:
        parse_hcl_ts(text)
    with pytest.raises(HclError) as theirs:
        reference(text)
    assert ours.value.message.startswith(message)
    assert ours.value.line == line == theirs.value.line


LINE_BREAKS = [
    'data\n"a" "b" {}\n',
    'data "a"\n"b" {}\n',
    'locals {\n  x\n  = 1\n}\n',
    'locals {\n  x =\n  1\n}\n',
    'x = var.\na\n',
    'x = var\n.a\n',
    'x = f\n(1)\n',
    'x = {\n  a\n  = 1\n}\n',
    'x = [\n  var.a\n  [0]\n]\n',
    'x = [\n  f(\n    {\n      k\n      = 1\n    }\n  )\n]\n',
    'x = !\nvar.a\n',
]


@pytest.mark.parametrize("text", LINE_BREAKS)
def test_new_lines_that_end_a_statement_are_errors(text):
    """tree-sitter-hcl reads new lines as spaces; HCL (and python-hcl2) does not."""
    with pytest.raises(HclError):
        reference(text)
    with pytest.raises(HclError) as ours:
        parse_hcl_ts(text)
    assert ours.value.message.startswith("unexpected new line before")


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".tf", ".tfvars") and p.is_file())


@needs_corpus()
def test_every_corpus_file_reads_the_same():
    report = []
    for path in _corpus_files():
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        try:
            want = reference(text)
        except HclError as exc:
            with pytest.raises(HclError) as err:
                parse_hcl_ts(text)
            assert err.value.line == exc.line, path
            continue
        got = parse_hcl_ts(text)
        report += [f"{path.relative_to(CORPUS)} {d}" for d in differences(want, got)[:3]]
    assert report == []


MUTATIONS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "tabs": lambda t: t.replace("  ", "\t"),
    "no-final-newline": lambda t: t.rstrip(),
    "comments-after-openers": lambda t: re.sub(r"([,(\[{])\n", r"\1 # why\n", t),
    "non-ascii-strings": lambda t: t.replace(' = "', ' = "ü日'),
}


@needs_corpus()
@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_corpus_files_changed_in_form_read_the_same(mutation):
    """Line endings, indentation, comments and wide characters move every position."""
    report = []
    for path in _corpus_files()[::4]:
        text = MUTATIONS[mutation](path.read_text(encoding="utf-8", errors="surrogateescape"))
        report += [f"{path.relative_to(CORPUS)} {d}"
                   for d in differences(reference(text), parse_hcl_ts(text))[:3]]
    assert report == []


def test_every_rule_fixture_reads_the_same():
    """Rule authors' fixtures: the shapes each rule was written for."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    report = []
    for path in sorted(p for p in fixtures.rglob("*") if p.suffix in (".tf", ".tfvars")):
        text = path.read_text(encoding="utf-8")
        try:
            want = reference(text)
        except HclError:
            with pytest.raises(HclError):
                parse_hcl_ts(text)
            continue
        report += [f"{path.relative_to(fixtures)} {d}"
                   for d in differences(want, parse_hcl_ts(text))[:3]]
    assert report == []


def _scan(folder: Path, monkeypatch, parser: str):
    from linter.engine import ScanOptions, scan

    monkeypatch.setenv("IACGATE_HCL_PARSER", parser)
    result = scan(ScanOptions(targets=[str(folder)]))
    return sorted((f.rule_id, astuple(f.location), f.message, f.resource, f.attr, f.fingerprint,
                   f.scope)
                  for f in result.findings)


@needs_corpus("real", "terragoat")
def test_a_scan_finds_the_same_with_either_parser(monkeypatch):
    """Resolved values, unknowns and messages, through the evaluator and every rule."""
    folder = CORPUS / "real" / "terragoat" / "terraform" / "aws"
    before = _scan(folder, monkeypatch, "python-hcl2")
    after = _scan(folder, monkeypatch, "tree-sitter")
    assert before and after == before


def _resolved(value):
    """A resolved value with its positions and, for unknowns, the reason."""
    from linter.model import Unknown

    if isinstance(value, Map):
        return ("M", value.span, value.tag, [(k, value.key_spans.get(k), _resolved(v))
                                             for k, v in value.items()])
    if isinstance(value, Seq):
        return ("S", value.span, list(value.item_spans), [_resolved(v) for v in value])
    if isinstance(value, Unknown):
        return ("U", type(value).__name__, value.expr, value.reason)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_resolved(v) for v in value])
    if isinstance(value, dict):
        return ("dict", [(k, _resolved(v)) for k, v in value.items()])
    return (type(value).__name__, value)


def _subjects(folder: Path, monkeypatch, parser: str) -> list:
    from linter.kinds import terraform as kind

    monkeypatch.setenv("IACGATE_HCL_PARSER", parser)
    documents = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".tf", ".tfvars")):
        documents += kind.parse(str(path), path.read_text(encoding="utf-8")).documents
    return [(s.level, s.type, s.resource, s.path, s.context.get("instances"), _resolved(s.node))
            for s in kind.subjects(documents, {})]


@needs_corpus("scale", "terraform-aws-s3-bucket")
def test_the_evaluator_resolves_the_same_with_either_parser(monkeypatch):
    """Variables, locals, module calls and wrappers: every subject's resolved node."""
    folder = CORPUS / "scale" / "terraform-aws-s3-bucket"
    before = _subjects(folder, monkeypatch, "python-hcl2")
    after = _subjects(folder, monkeypatch, "tree-sitter")
    assert len(before) > 100
    for want, got in zip(before, after):
        assert got == want, want[:4]
    assert len(after) == len(before)


def test_parse_hcl_reads_with_tree_sitter_unless_told_otherwise(monkeypatch):
    calls = []
    real = terraform._parse_uncached
    monkeypatch.setattr(terraform, "_parse_uncached",
                        lambda text, hcl2: calls.append(text) or real(text, hcl2))
    monkeypatch.delenv("IACGATE_HCL_PARSER", raising=False)
    assert terraform.parser_name() == "tree-sitter"
    assert terraform.parse_hcl("a = 1\n")[0]["a"] == 1 and calls == []
    monkeypatch.setenv("IACGATE_HCL_PARSER", "python-hcl2")
    assert terraform.parser_name() == "python-hcl2"
    assert terraform.parse_hcl("a = 1\n")[0]["a"] == 1 and calls == ["a = 1\n"]


KNOWN_DIFFERENCES = [
    # valid HCL that tree-sitter-hcl 1.2 rejects: parse_hcl falls back to python-hcl2
    ("x = 1e3\n", "tree-sitter rejects"),
    # an escape Terraform rejects but python-hcl2 keeps as written
    ('x = "\\q"\n', "tree-sitter rejects"),
    # valid HCL that python-hcl2 rejects: template strip markers, comments in odd places
    ('x = "${~ var.a ~}"\n', "python-hcl2 rejects"),
    ('resource "a" /* c */ "b" {\n  x = /* c */ "${~ var.a ~}"\n}\n', "python-hcl2 rejects"),
]


@pytest.mark.parametrize("text,which", KNOWN_DIFFERENCES)
def test_known_differences_and_what_parse_hcl_does(text, which, monkeypatch):
    monkeypatch.delenv("IACGATE_HCL_PARSER", raising=False)
    if which == "tree-sitter rejects":
        with pytest.raises(HclError):
            parse_hcl_ts(text)
        assert differences(reference(text), terraform.parse_hcl(text)) == []
    else:
        with pytest.raises(HclError):
            reference(text)
        assert terraform.parse_hcl(text)[0]["x"] == Expr("${~ var.a ~}")
        assert parse_hcl_ts(text)[0].tag[0] in ("attributes", "resource")


def test_broken_file_keeps_python_hcl2_wording_through_parse_hcl(monkeypatch):
    monkeypatch.delenv("IACGATE_HCL_PARSER", raising=False)
    text = 'locals {\n  x = [1 2]\n}\n'
    with pytest.raises(HclError) as ours:
        terraform.parse_hcl(text)
    with pytest.raises(HclError) as theirs:
        reference(text)
    assert (ours.value.message, ours.value.line) == (theirs.value.message, theirs.value.line)


def test_tree_sitter_is_imported_only_for_terraform_files(tmp_path):
    import subprocess
    import sys

    (tmp_path / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
                                       "spec:\n  containers:\n  - name: c\n    image: x:1\n")
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  acl = "private"\n}\n')
    probe = ("import sys\nfrom linter.engine import ScanOptions, scan\n"
             "scan(ScanOptions(targets=[sys.argv[1]]))\n"
             "print('tree_sitter' in sys.modules)\n")
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "IACGATE_NO_CACHE": "1", "PYTHONPATH": root}
    env.pop("IACGATE_HCL_PARSER", None)
    seen = {}
    for name in ("pod.yaml", "main.tf"):
        out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / name)], env=env,
                             capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        seen[name] = out.stdout.strip().splitlines()[-1]
    assert seen == {"pod.yaml": "False", "main.tf": "True"}


def test_without_tree_sitter_hcl_python_hcl2_reads(monkeypatch):
    from linter.parsers import hcl_treesitter

    def missing():
        raise ImportError("No module named 'tree_sitter_hcl'")

    monkeypatch.setattr(hcl_treesitter, "_parser", None)
    monkeypatch.setattr(hcl_treesitter, "_missing", False)
    monkeypatch.setattr(hcl_treesitter, "_get_parser", missing)
    monkeypatch.delenv("IACGATE_HCL_PARSER", raising=False)
    assert terraform.parser_name() == "python-hcl2"
    (block,) = terraform.parse_hcl('resource "a" "b" {\n  x = var.y\n}\n')
    assert block["x"] == Expr("${var.y}") and block.key_spans["x"].line == 2

"""The two located YAML builders give the same trees: straight from libyaml's events (the
fast path) and from the node graph (aliases, merge keys, explicit tags). Same values,
spans, duplicates and errors, on tricky snippets, on the fixtures and on the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixture_support import CORPUS, FIXTURES, needs_corpus

from linter.model import Map, Seq
from linter.parsers import yamlpos

SNIPPETS = [
    "a: 1\nb: [x, {c: d}]\n",
    "key: 1\nkey: 2\nother: {k: v, k: w}\n",
    "---\na: 1\n---\n- b\n---\n",
    "",
    "# only a comment\n",
    "on: push\nyes: no\nnull_value: ~\nfloat: 1.5e3\noct: 0o17\nwhen: 2024-01-01\n",
    "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n",
    "inline:\n  <<: {x: 1}\n  y: 2\n",
    "list: [&a 1, *a]\n",
    "ref: !reference [.job, script]\ncfn: !Ref Bucket\n",
    "typed: !!int '3'\ntext: !!str 4\nset: !!set {a, b}\n",
    "? [complex, key]\n: value\n",
    "{\"json\": [1, 2, {\"a\": null}]}\n",
    "run: |\n  curl https://x | sh\n  ls *.txt\npaths: ['**/*.md', build/*]\n",
    "bad: [unclosed\n",
    "k: *undefined\n",
    "- a\n-b: [\n",
]


def _nodes_only(text: str, dialect: str, monkeypatch) -> yamlpos.LoadResult:
    def refuse(_loader):
        raise yamlpos._NeedNodes

    with monkeypatch.context() as m:
        m.setattr(yamlpos, "_build_events", refuse)
        return yamlpos.load_all(text, dialect, file_name="f.yml")


def _outcome(read):
    try:
        result = read()
    except yamlpos.YamlError as exc:
        return ("error", exc.message, exc.line, exc.column)
    return ([_plain(d) for d in result.documents], [vars(d) for d in result.duplicates])


def _plain(value):
    """A tree with everything a rule or a location can see: values, spans, files, tags."""
    if isinstance(value, Map):
        return ("map", value.span, value.file, value.tag,
                [(k, value.key_spans.get(k), _plain(v)) for k, v in value.items()])
    if isinstance(value, Seq):
        return ("seq", value.span, value.file, value.tag, list(value.item_spans),
                [_plain(v) for v in value])
    return (type(value).__name__, value)


def _same(text: str, monkeypatch) -> None:
    for dialect in ("1.1", "1.2", "gitlab"):
        fast = _outcome(lambda d=dialect: yamlpos.load_all(text, d, file_name="f.yml"))
        slow = _outcome(lambda d=dialect: _nodes_only(text, d, monkeypatch))
        assert fast == slow, (dialect, text[:200])


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_read_the_same_both_ways(text, monkeypatch):
    _same(text, monkeypatch)


def test_duplicates_and_spans_come_from_the_fast_path(monkeypatch):
    calls = []
    real = yamlpos._build_events
    monkeypatch.setattr(yamlpos, "_build_events", lambda loader: calls.append(1) or real(loader))
    monkeypatch.setattr(yamlpos, "_build", None)  # the node path would fail loudly
    result = yamlpos.load_all("key: 1\nkey: [a,\n  b]\n", "1.1", file_name="f.yml")
    doc = result.documents[0]
    assert [(d.key, d.line, d.first_line) for d in result.duplicates] == [("key", 2, 1)]
    assert doc["key"] == ["a", "b"] and doc.key_spans["key"].end_line == 3
    assert doc["key"].span[:2] == (2, 6) and doc["key"].item_spans[1][:2] == (3, 3)
    assert calls == [1]


def test_alias_detection_is_never_short():
    assert yamlpos._may_alias("a: &x 1\nb: *x") and yamlpos._may_alias("[*x]")
    assert yamlpos._may_alias('{"a":*x}') and yamlpos._may_alias("*x")
    assert not yamlpos._may_alias("paths: ['**/*.md']\nrun: rm build/*\n")


def _yaml_files(root: Path):
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.endswith((".yml", ".yaml")):
                yield Path(folder) / name


def test_fixtures_read_the_same_both_ways(monkeypatch):
    for path in _yaml_files(FIXTURES):
        _same(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


@needs_corpus()
def test_corpus_reads_the_same_both_ways(monkeypatch):
    for path in _yaml_files(CORPUS):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        _same(text, monkeypatch)

"""The shell lines of a job's `script`, `before_script`, `after_script` (and the
`hooks:pre_get_sources_script` hook), each with the
span of the line where it is written (inside a `|` block too), so that script rules
report the exact command line. Lines continued with a trailing backslash are joined.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...model import Map, Seq, Span

SECTIONS = ("before_script", "script", "after_script")


@dataclass
class ScriptLine:
    text: str
    span: Span
    node: Any  # the container holding the script entry (Seq, or the job Map)
    key: Any
    attr: str


class Sources:
    """Source text per file, read lazily, to tell a `|` block from a folded scalar."""

    def __init__(self, texts: dict[str, str] | None = None) -> None:
        self._lines: dict[str, list[str]] = {}
        self._texts = dict(texts or {})
        self.memo: dict[tuple[int, str], tuple[Any, list[ScriptLine]]] = {}

    def add(self, path: str, text: str) -> None:
        self._texts[path] = text

    def line(self, path: str | None, number: int) -> str:
        if not path:
            return ""
        lines = self._lines.get(path)
        if lines is None:
            text = self._texts.get(path)
            if text is None:
                try:
                    text = Path(path).read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    text = ""
            lines = text.splitlines()
            self._lines[path] = lines
        return lines[number - 1] if 0 < number <= len(lines) else ""


def script_lines(job: dict, sources: Sources, sections: tuple = SECTIONS) -> Iterator[ScriptLine]:
    """Every command line of the job's scripts. A script list inherited by many jobs is
    split once (memoised on the list itself)."""
    owners = [(job, section) for section in sections]
    hooks = job.get("hooks")
    if isinstance(hooks, dict):
        owners.append((hooks, "pre_get_sources_script"))
    for owner, section in owners:
        if section not in owner:
            continue
        value = owner[section]
        if isinstance(value, str):
            span = owner.key_spans.get(section) if isinstance(owner, Map) else None
            yield from _entry_lines(value, span, owner, section, section, sources, after_key=True)
        elif isinstance(value, list):
            memo = sources.memo.get((id(value), section))
            if memo is None or memo[0] is not value:
                memo = (value, list(_seq_lines(value, section, sources)))
                sources.memo[(id(value), section)] = memo
            yield from memo[1]


def _seq_lines(seq: list, attr: str, sources: Sources) -> Iterator[ScriptLine]:
    spans = seq.item_spans if isinstance(seq, Seq) else []
    for i, item in enumerate(seq):
        span = spans[i] if i < len(spans) else None
        if isinstance(item, list):
            yield from _seq_lines(item, f"{attr}[{i}]", sources)
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            yield from _entry_lines(str(item), span, seq, i, f"{attr}[{i}]", sources)


def _entry_lines(text: str, span: Span | None, node: Any, key: Any, attr: str,
                 sources: Sources, after_key: bool = False) -> Iterator[ScriptLine]:
    if span is None:
        span = getattr(node, "span", None) or Span(1, 1, 1, 1)
    block = _is_literal_block(span, sources, after_key)
    raw = text.split("\n")
    if text.endswith("\n"):
        raw = raw[:-1]
    pending: list[tuple[str, int]] = []
    for offset, line in enumerate(raw):
        pending.append((line, offset))
        if line.rstrip().endswith("\\") and offset + 1 < len(raw):
            continue
        joined = " ".join(part.rstrip()[:-1] if part.rstrip().endswith("\\") else part
                          for part, _ in pending)
        first, last = pending[0][1], pending[-1][1]
        pending = []
        if not joined.strip():
            continue
        # named by section and text, not position: a fingerprint survives lines added above
        line_attr = f"{attr.split('[', 1)[0]}#{_digest(joined)}"
        if block:
            start = span.line + 1 + first
            end = span.line + 1 + last
            src_first = sources.line(span.file, start)
            col = len(src_first) - len(src_first.lstrip()) + 1
            end_col = len(sources.line(span.file, end)) + 1
            line_span = Span(start, col, end, max(end_col, col), span.file)
        else:
            line_span = span
        yield ScriptLine(joined, line_span, node, key, line_attr)


def _digest(text: str) -> str:
    """Names a line inside a block for fingerprints without using its line number."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def _is_literal_block(span: Span, sources: Sources, after_key: bool) -> bool:
    line = sources.line(span.file, span.line)
    rest = line[span.column - 1:] if not after_key else line[span.column - 1:].partition(":")[2]
    rest = rest.lstrip()
    if rest.startswith("- "):
        rest = rest[2:].lstrip()
    while rest[:1] in ("&", "!"):  # an anchor or a tag before the block indicator
        rest = rest.partition(" ")[2].lstrip()
    return rest.startswith("|")

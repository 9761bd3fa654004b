"""Rendered Helm output: send findings back to the chart template they came from.

`helm template` writes `# Source: chart/templates/x.yaml` at the top of every document.
Rendered manifests keep no other trace of their template, so each document's located
tree is moved onto that path, with lines counted from the start of the template's
output (documents of one template follow each other as if separated by `---`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...model import Map, Seq, Span

# Helm writes `<chart>/templates/...` (subcharts `<chart>/charts/<sub>/templates/...`,
# CRDs `<chart>/crds/...`); other "Source:" comments (a URL a manifest was copied from)
# are not template paths.
_SOURCE = re.compile(r"^#\s*Source:\s*([^\s:]+/(?:templates|crds)/[^\s:]+)\s*$")
_SEPARATOR = re.compile(r"^---(?:\s|$)")


@dataclass
class Chunk:
    """Stream lines `first`..`last` (1-based, inclusive) belong to template `source`;
    template line = stream line - `shift`."""

    first: int
    last: int
    source: str
    shift: int


def has_sources(text: str) -> bool:
    return "# Source:" in text or "#Source:" in text


def chunks(text: str) -> tuple[list[Chunk], dict[str, str]]:
    """Per-document source mapping plus the rendered text of every template."""
    lines = text.splitlines()
    out: list[Chunk] = []
    texts: dict[str, list[str]] = {}
    start = 0  # 0-based index of the first line of the current document
    bounds: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        if _SEPARATOR.match(line):
            bounds.append((start, i - 1))
            start = i + 1
    bounds.append((start, len(lines) - 1))
    for lo, hi in bounds:
        source = None
        body = lo
        for j in range(lo, hi + 1):
            stripped = lines[j].strip()
            m = _SOURCE.match(stripped)
            if m:
                source = m.group(1)
                body = j + 1
                break
            if stripped and not stripped.startswith("#"):
                break
        if source is None or body > hi:
            continue
        previous = texts.setdefault(source, [])
        if previous:
            previous.append("---")
        shift = body - len(previous)  # stream line (1-based) body+1 -> template line len+1
        previous.extend(lines[body:hi + 1])
        out.append(Chunk(body + 1, hi + 1, source, shift))
    return out, {k: "\n".join(v) + "\n" for k, v in texts.items()}


def chunk_for(line: int, found: list[Chunk]) -> Chunk | None:
    for chunk in found:
        if chunk.first <= line <= chunk.last:
            return chunk
    return None


def relocate(root: Any, chunk: Chunk) -> None:
    """Move every span of a document's tree onto the template path and its lines."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Map):
            node.span = _move(node.span, chunk)
            node.key_spans = {k: _move(s, chunk) for k, s in node.key_spans.items()}
            node.file = chunk.source
            stack.extend(v for v in node.values() if isinstance(v, (Map, Seq)))
        elif isinstance(node, Seq):
            node.span = _move(node.span, chunk)
            node.item_spans = [_move(s, chunk) for s in node.item_spans]
            node.file = chunk.source
            stack.extend(v for v in node if isinstance(v, (Map, Seq)))


def _move(span: Span | None, chunk: Chunk) -> Span | None:
    if span is None:
        return None
    return Span(max(1, span.line - chunk.shift), span.column,
                max(1, span.end_line - chunk.shift), span.end_column, chunk.source)

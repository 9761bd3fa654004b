"""checkov results -> iacgate findings, located in iacgate's own parse of the file.

checkov reports a resource's line range and, for many checks, the attribute paths it read
(`evaluated_keys`, e.g. `ingress/[0]/cidr_blocks`). The finding points at the deepest of
those attributes that is written in the file, else at the resource's first line; it ends
at the resource's last line. Its fingerprint is built like a native rule's (rule, file,
resource, attribute path), so baselines and SARIF tracking work the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...engine import display_path, fingerprint
from ...model import Finding, Location, Map, Seq, Severity, Span
from ...rules import Rule

if TYPE_CHECKING:  # the runner (and its logging) loads only when checkov runs
    from .runner import Record

DEFAULT_SEVERITY = Severity.MEDIUM
_INDEX = re.compile(r"\[(\d+)\]")
_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def severity_table() -> dict[str, Severity]:
    """The bundled table (severities.yaml); checks not listed are DEFAULT_SEVERITY."""
    import yaml

    data = yaml.safe_load((Path(__file__).with_name("severities.yaml")).read_text("utf-8")) or {}
    return {str(i): Severity.parse(level) for level, ids in data.items() for i in ids or ()}


def severity_of(check_id: str) -> Severity:
    return severity_table().get(check_id, DEFAULT_SEVERITY)


def slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-")[:80] or "checkov-check"


def rule_for(check_id: str, name: str, kind: str, guideline: str | None = None) -> Rule:
    """A rule descriptor for a checkov check, so reports, waivers and selection treat
    it like a native rule (pack `checkov`)."""
    return Rule(
        id=check_id, name=slug(name), title=name, severity=severity_of(check_id),
        confidence="medium", kind=kind, levels=(), types=None, match=None, message=name,
        rationale=f"checkov check {check_id}: {name}",
        remediation=(f"Fix what checkov's {check_id} asks for; or waive it with a reason "
                     f"(`# checkov:skip={check_id}:<why>` or the exceptions register)."),
        references=(guideline,) if guideline else (), tags=("checkov",), suppressible=True,
        on_unknown="ignore", params={}, pack="checkov", source=Path(__file__))


def finding(record: Record, rule: Rule, parsed: list[Any] | None) -> Finding:
    """The finding for one failed checkov check."""
    path = display_path(record.path)
    node = _resource_node(parsed, record.start, record.end) if parsed else None
    span, attr = _attribute(node, record.evaluated_keys) if node is not None else (None, "")
    if span is None:
        node_span = getattr(node, "span", None)
        line = record.start
        column = node_span.column if node_span is not None and node_span.line == line else 1
    else:
        line, column = span.line, span.column
        attr = attr or ""
    end_line = max(line, record.end)
    loc = Location(path, max(1, line), max(1, column), end_line, 1 if end_line > line else max(1, column))
    return Finding(
        rule.id, rule.name, rule.severity, rule.confidence,
        rule.title, rule.remediation, loc, record.resource, attr,
        fingerprint(rule.id, path, record.resource, attr), kind=record.kind, tags=rule.tags,
        scope=(record.start, record.end))


def _containers(node: Any, depth: int = 0):
    if depth > 12:
        return
    if isinstance(node, (Map, Seq)):
        yield node
        for value in (node.values() if isinstance(node, Map) else node):
            yield from _containers(value, depth + 1)


def _resource_node(documents: list[Any], start: int, end: int) -> Any:
    """The outermost located container that starts on the resource's first line (a
    Terraform block, a Kubernetes object, a job or step), else the smallest one holding it."""
    best = None
    for doc in documents:
        for node in _containers(doc.root):
            span = node.span
            if span is None or span.file:
                continue
            if span.line == start and not isinstance(node, Seq):
                return node
            if span.line <= start <= span.end_line and (
                    best is None or span.end_line - span.line < best.span.end_line - best.span.line):
                best = node
    return best


def _attribute(node: Any, keys: list[str]) -> tuple[Span | None, str]:
    """The span and dotted path of the deepest written attribute among checkov's keys."""
    best: tuple[int, Span | None, str] = (0, None, "")
    for key in keys:
        parts = [p for p in key.split("/") if p]
        depth, span, attr = _walk(node, parts)
        if depth > best[0] or (depth == best[0] == len(parts) and best[1] is None):
            best = (depth, span, attr)
        if span is not None and depth == len(parts):
            break
    return best[1], best[2]


def _walk(node: Any, parts: list[str]) -> tuple[int, Span | None, str]:
    cur, span, attr, depth = node, None, "", 0
    for i, part in enumerate(parts):
        m = _INDEX.fullmatch(part)
        if m:
            index = int(m.group(1))
            if not isinstance(cur, Seq) or index >= len(cur):
                break
            span = cur.item_spans[index] if index < len(cur.item_spans) else span
            cur = cur[index]
            attr += f"[{index}]"
        else:
            if isinstance(cur, Seq) and len(cur) >= 1 and isinstance(cur[0], Map):
                span = cur.item_spans[0] if cur.item_spans else span
                cur = cur[0]  # a Terraform block written once: checkov leaves out its index
                attr += "[0]"
            if not isinstance(cur, Map) or part not in cur:
                break
            span = cur.key_spans.get(part, span)
            cur = cur[part]
            attr += ("." if attr else "") + part
        depth = i + 1
    return depth, span, attr

"""The GitHub Actions model rules talk about: triggers, `uses:` references, permissions,
and where each `${{ }}` expression of a value is written in the file.

Checks read these helpers from `subject.context` (built by `github_actions.subjects`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...model import Map, Seq, Span
from .expr import ContextRef, Expr, context_refs, find_expressions

# Triggers that run with the base repository's secrets and a write token on input that
# someone outside the project controls.
PRIVILEGED_TRIGGERS = frozenset({
    "pull_request_target", "workflow_run", "issue_comment", "issues", "discussion",
    "discussion_comment", "pull_request_review", "pull_request_review_comment", "fork",
    "watch",
})
# Triggers that check out and run code from the pull request head.
TARGET_TRIGGERS = frozenset({"pull_request_target", "workflow_run"})
# Privileged triggers under which workflows check out pull request heads (comment bots too).
CHECKOUT_TRIGGERS = TARGET_TRIGGERS | {"issue_comment"}
# Triggers a stranger fires by opening a pull request, an issue or a comment.
PUBLIC_TRIGGERS = frozenset({
    "pull_request", "pull_request_target", "issue_comment", "issues", "discussion",
    "discussion_comment", "pull_request_review", "pull_request_review_comment", "fork",
    "watch", "workflow_run",
})

_SHA = re.compile(r"^[0-9a-f]{40}$")
_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def triggers(root: Any) -> dict[str, Any]:
    """`on:` as {event: config} whatever its form (string, list or mapping)."""
    on = root.get("on") if isinstance(root, dict) else None
    if on is None and isinstance(root, dict):
        on = root.get(True)  # a YAML 1.1 reader would turn `on` into True
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {t: None for t in on if isinstance(t, str)}
    if isinstance(on, dict):
        return {str(k): v for k, v in on.items()}
    return {}


def on_key(root: Any) -> Any:
    return "on" if isinstance(root, dict) and "on" in root else (True if isinstance(root, dict)
                                                                 and True in root else None)


@dataclass(frozen=True)
class Uses:
    """A parsed `uses:` reference."""

    raw: str
    kind: str  # action | reusable | local | docker
    owner: str = ""
    repo: str = ""
    path: str = ""
    ref: str = ""
    image: str = ""
    self_ref: bool = False  # `$/path`: this repository at the commit the workflow runs from

    @property
    def slug(self) -> str:
        """owner/repo[/path], lowercase, for allow-lists."""
        base = f"{self.owner}/{self.repo}".lower()
        return f"{base}/{self.path}".lower() if self.path else base

    @property
    def pinned(self) -> bool:
        """Pinned to something immutable: a full commit SHA, or a docker digest."""
        if self.kind == "local":
            return True
        if self.kind == "docker":
            return bool(_DIGEST.search(self.image))
        return bool(_SHA.match(self.ref))

    def is_action(self, *names: str) -> bool:
        return self.kind == "action" and f"{self.owner}/{self.repo}".lower() in names


def parse_uses(value: Any) -> Uses | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return _parse_uses(value.strip())


@lru_cache(maxsize=4096)
def _parse_uses(raw: str) -> Uses:
    if raw.startswith("./") or raw.startswith("../"):
        return Uses(raw, "local", path=raw)
    if raw.startswith("$/"):  # GitHub's self-repository reference, pinned to the running commit
        return Uses(raw, "local", path="./" + raw[2:].lstrip("/"), self_ref=True)
    if raw.startswith("docker://"):
        return Uses(raw, "docker", image=raw[len("docker://"):])
    name, _, ref = raw.partition("@")
    parts = name.split("/")
    owner = parts[0]
    repo = parts[1] if len(parts) > 1 else ""
    path = "/".join(parts[2:])
    kind = "reusable" if re.search(r"\.github/workflows/[^/]+\.ya?ml$", name) else "action"
    return Uses(raw, kind, owner, repo, path, ref)


@dataclass(frozen=True)
class Image:
    """A container image reference split into name, tag and digest."""

    raw: str
    name: str
    tag: str
    digest: str


def parse_image(value: str) -> Image:
    raw = value.strip()
    name, _, digest = raw.partition("@")
    tag = ""
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        tag = last.split(":", 1)[1]
        name = name[: len(name) - len(tag) - 1]
    return Image(raw, name, tag, digest)


class Source:
    """The text of a file, to place expressions of a scalar value exactly."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0]
        for m in re.finditer("\n", text):
            self._starts.append(m.end())

    def offset(self, line: int, column: int) -> int:
        if line < 1 or line > len(self._starts):
            return len(self.text)
        return min(self._starts[line - 1] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def entry_text(self, container: Map, key: Any) -> tuple[str, int] | None:
        """The written text of `container[key]` (key included) and its offset."""
        span = _entry_span(container, key)
        if span is None or span.file:
            return None
        start = self.offset(span.line, span.column)
        end = self.offset(span.end_line, span.end_column)
        if end <= start:
            return None
        return self.text[start:end], start

    def span_at(self, offset: int, length: int) -> Span:
        line, col = self.position(offset)
        end_line, end_col = self.position(offset + max(length, 0))
        return Span(line, col, end_line, end_col)


@dataclass(frozen=True)
class Found:
    """An expression of a value, and the context paths it reads, each with a span."""

    expr: Expr
    span: Span
    refs: tuple[tuple[ContextRef, Span], ...]


def expressions(source: Source | None, container: Any, key: Any) -> list[Found]:
    """Every `${{ }}` in the value `container[key]`, placed at its line and column.

    Searching the written text (not the loaded string) keeps the real lines of block
    scalars, folded scalars and quoted strings. When the value comes through an alias,
    the expressions of the loaded string are placed at the key."""
    value = entry_value(container, key)
    if not isinstance(value, str) or "${{" not in value:
        return []
    found: list[Found] = []
    entry = source.entry_text(container, key) if source is not None else None
    if entry is not None:
        text, base = entry
        exprs = find_expressions(text)
        if exprs:
            for e in exprs:
                refs = tuple((r, source.span_at(base + r.offset, len(r.text)))
                             for r in context_refs(e.body, e.body_start))
                found.append(Found(e, source.span_at(base + e.start, e.end - e.start), refs))
            return found
    span = _entry_span(container, key)
    anchor = _anchored_text(source, span, value)
    for e in find_expressions(value):
        where = anchor.get(e.start) if anchor else None
        if where is not None:
            base = where - e.start
            refs = tuple((r, source.span_at(base + r.offset, len(r.text)))  # type: ignore[union-attr]
                         for r in context_refs(e.body, e.body_start))
            found.append(Found(e, source.span_at(where, e.end - e.start), refs))  # type: ignore[union-attr]
            continue
        refs = tuple((r, span) for r in context_refs(e.body, e.body_start))
        found.append(Found(e, span, refs))  # type: ignore[arg-type]
    return found


def _anchored_text(source: Source | None, span: Span | None, value: str) -> dict[int, int]:
    """For a value reached through an alias (`run: *cmd`), where each expression of the
    value is written in the anchored text: {offset in value: offset in file}. The alias's
    span ends where the anchored node ends, before the key."""
    if source is None or span is None or span.file:
        return {}
    start = source.offset(span.line, span.column)
    end = source.offset(span.end_line, span.end_column)
    if end > start:
        return {}
    out: dict[int, int] = {}
    for e in find_expressions(value):
        at = source.text.rfind(value[e.start:e.end], 0, end)
        if at >= 0:
            out[e.start] = at
    return out


def entry_value(container: Any, key: Any) -> Any:
    if isinstance(container, dict):
        return container.get(key)
    if isinstance(container, list) and isinstance(key, int) and -len(container) <= key < len(container):
        return container[key]
    return None


def _entry_span(container: Any, key: Any) -> Span | None:
    if isinstance(container, Map):
        return container.key_spans.get(key)
    if isinstance(container, Seq) and isinstance(key, int) and 0 <= key < len(container.item_spans):
        return container.item_spans[key]
    return None


def string_entries(node: Any, path: str = "") -> Iterator[tuple[Any, Any, str]]:
    """(container, key, dotted path) of every string value under `node`."""
    stack = [(node, path)]
    while stack:
        current, prefix = stack.pop()
        items = current.items() if isinstance(current, dict) else (
            enumerate(current) if isinstance(current, list) else ())
        for key, value in items:
            sub = f"{prefix}.{key}" if isinstance(key, str) else f"{prefix}[{key}]"
            sub = sub.lstrip(".")
            if isinstance(value, str):
                yield current, key, sub
            elif isinstance(value, (dict, list)):
                stack.append((value, sub))


_VERSION_COMMENT = re.compile(r"#\s*(?:tag\s*[=:]\s*|version\s*[=:]?\s*)?(v?\d+(?:\.\d+){0,2})\b")


def pinned_version(source: Source | None, step: Any) -> str | None:
    """The version a SHA-pinned `uses:` names in its trailing comment (`@<sha> # v4.2.1`)."""
    span = step.key_spans.get("uses") if isinstance(step, Map) else None
    if source is None or span is None or span.file:
        return None
    start = source.offset(span.end_line, 1)
    end = source.text.find("\n", start)
    line = source.text[start:end if end >= 0 else len(source.text)]
    m = _VERSION_COMMENT.search(line)
    return m.group(1) if m else None


def file_strings(ctx: dict, node: Any) -> list[tuple[Any, Any, str]]:
    """`string_entries(node)` computed once per file (several rules walk every string)."""
    cache = ctx.get("cache")
    if cache is None:
        return list(string_entries(node))
    if "strings" not in cache:
        cache["strings"] = list(string_entries(node))
    return cache["strings"]


def mapping(value: Any) -> Map:
    return value if isinstance(value, Map) else Map()


def sequence(value: Any) -> Seq:
    return value if isinstance(value, Seq) else Seq()


def is_literal_secret(value: Any) -> bool:
    """A credential written in clear (not an expression reading secrets or vars)."""
    return isinstance(value, str) and bool(value.strip()) and "${{" not in value

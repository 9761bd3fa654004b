"""Plain data shared by every part of iacgate.

Parsers build located trees (`Map`, `Seq`) whose containers remember where each entry
was written; rules point at (container, key) pairs; the engine turns those into
`Location`s. Nothing here knows about a cloud, a manifest kind or an output format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, NamedTuple


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]

    def __str__(self) -> str:
        return self.name.lower()


SEVERITY_NAMES = [str(s) for s in Severity]
CONFIDENCES = ["low", "medium", "high"]


class Span(NamedTuple):
    """1-based start and end of a written piece of text. `file` is set only when the
    entry was written in another file than its container's (inherited CI jobs)."""

    line: int
    column: int
    end_line: int
    end_column: int
    file: str | None = None


class Map(dict):
    """A mapping that remembers the span of its whole text and of each entry."""

    __slots__ = ("span", "key_spans", "file", "tag")

    def __init__(self, *args: Any, span: Span | None = None, file: str | None = None,
                 tag: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.span = span
        self.key_spans: dict[Any, Span] = {}
        self.file = file
        self.tag = tag


class Seq(list):
    """A sequence that remembers the span of its whole text and of each item."""

    __slots__ = ("span", "item_spans", "file", "tag")

    def __init__(self, *args: Any, span: Span | None = None, file: str | None = None,
                 tag: Any = None) -> None:
        super().__init__(*args)
        self.span = span
        self.item_spans: list[Span | None] = []
        self.file = file
        self.tag = tag


class Unknown:
    """A value that cannot be known statically (unresolved variable, function call,
    remote module). Rules must treat it as unknown, never as passing or failing."""

    __slots__ = ("expr", "reason")

    def __init__(self, expr: str, reason: str = "") -> None:
        self.expr = expr
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unknown({self.expr!r})"

    def __str__(self) -> str:
        return self.expr

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and other.expr == self.expr

    def __hash__(self) -> int:
        return hash(("unknown", self.expr))


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass
class Document:
    """One parsed document: a file, or one document of a multi-document YAML file."""

    path: str
    kind: str
    root: Any
    text: str
    index: int = 0
    meta: dict = field(default_factory=dict)


@dataclass
class Subject:
    """A thing a rule talks about: a Terraform resource, a Kubernetes container, a CI job.

    `node` is the located value the rule's condition runs over; `context` carries what a
    Python check may need besides (the pod spec of a container, the whole workflow)."""

    kind: str
    level: str
    type: str
    resource: str
    node: Any
    path: str
    context: dict = field(default_factory=dict)


@dataclass
class Hit:
    """Where a rule found a problem: an entry of a located container (or the container
    itself when `key` is None), the attribute path for fingerprints, message values."""

    node: Any
    key: Any = None
    attr: str = ""
    values: dict = field(default_factory=dict)
    confidence: str | None = None
    unknown: bool = False
    span: Span | None = None  # an exact place inside the entry (e.g. an expression in a script)
    # A lower severity for this hit than the rule's (how exploitable this occurrence is);
    # never raises it, so a user's severity override in the config stays an upper bound.
    severity: str | None = None


@dataclass
class Waiver:
    kind: str  # inline | exception | baseline
    reason: str
    owner: str | None = None
    expires: str | None = None


@dataclass
class DeclaredWaiver:
    """A waiver written in the scanned data itself (a Kubernetes annotation), so that one
    that waives nothing can be reported like an unused inline comment."""

    path: str
    line: int
    rule: str
    resource: str  # the finding's resource it applies to
    column: int = 1


@dataclass
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    confidence: str
    message: str
    remediation: str
    location: Location
    resource: str
    attr: str
    fingerprint: str = ""
    waiver: Waiver | None = None
    kind: str = ""
    tags: tuple = ()
    scope: tuple[int, int] | None = None  # lines of the enclosing resource/job (diff mode)
    unknown: bool = False  # reported on an unknown value: listed, never fails the gate
    # the (subject, hit) a rule reported, kept in memory for `iacgate fix`; never serialised
    origin: Any = field(default=None, repr=False, compare=False)

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line


@dataclass
class Diagnostic:
    """A note about the scan itself (skipped file, unknown value) shown with -v."""

    path: str
    message: str
    line: int = 0

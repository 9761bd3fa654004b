"""checkov's own waivers, honoured like iacgate's inline suppressions.

`# checkov:skip=CKV_AWS_20:reason` inside a resource (as checkov reads it) and, in
Kubernetes, the annotations `checkov.io/skip1: CKV_K8S_20=reason` (also `bridgecrew.io/
skip`) on an object. With a reason, a skip waives the check on that resource (an inline
waiver in every report); without one the finding stays and a warning says why, as for
`iacgate:ignore`. A skip that waives nothing is reported (IAC002).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...model import Map

_COMMENT = re.compile(r"(?:#|//|/\*)\s*(?:checkov|bridgecrew):skip=\s*([A-Za-z_\d]+)(?::([^\n]*))?")
_ANNOTATION_KEYS = ("checkov.io/skip", "bridgecrew.io/skip")
NO_REASON = "No comment provided"  # what checkov itself records for a skip without reason


@dataclass
class Skip:
    path: str  # display path
    line: int
    column: int
    check_id: str
    reason: str
    form: str  # "comment" | "annotation"
    start: int = 0  # for an annotation: the object's lines
    end: int = 0
    used: bool = False

    def covers(self, path: str, start: int, end: int) -> bool:
        """Does it apply to a result on lines start..end of `path`? A comment inside the
        resource's lines (as checkov reads it), an annotation on the same object."""
        if path != self.path:
            return False
        if self.form == "comment":
            return start <= self.line <= end
        return start <= self.end and self.start <= end

    def describe(self) -> str:
        return (f"checkov:skip={self.check_id}" if self.form == "comment"
                else f"annotation skip of {self.check_id}")


def comments(path: str, text: str) -> list[Skip]:
    if "skip=" not in text:
        return []
    found: list[Skip] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "skip=" not in line:
            continue
        for m in _COMMENT.finditer(line):
            reason = (m.group(2) or "").strip().removesuffix("*/").strip()
            found.append(Skip(path, number, m.start() + 1, m.group(1), reason, "comment"))
    return found


def annotations(path: str, documents: list[Any]) -> list[Skip]:
    """Skip annotations of the Kubernetes objects in `documents`."""
    found: list[Skip] = []
    for doc in documents:
        root = doc.root
        if not isinstance(root, Map) or root.span is None:
            continue
        meta = root.get("metadata")
        notes = meta.get("annotations") if isinstance(meta, Map) else None
        if not isinstance(notes, Map):
            continue
        for key, value in notes.items():
            if not isinstance(key, str) or not any(k in key for k in _ANNOTATION_KEYS):
                continue
            check_id, _, reason = str(value).partition("=")
            span = notes.key_spans.get(key)
            found.append(Skip(path, span.line if span else root.span.line,
                              span.column if span else 1, check_id.strip(), reason.strip(),
                              "annotation", root.span.line, root.span.end_line))
    return found


def has_reason(skip: Skip) -> bool:
    return bool(skip.reason) and skip.reason != NO_REASON

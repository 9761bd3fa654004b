"""Waivers written on a Kubernetes object, because rendered manifests keep no comments.

    metadata:
      annotations:
        iacgate.io/ignore: "K8S012: scratch volume is node-local by design; K8S020,K8S022: batch job"

Entries are separated by `;` or new lines; each names one or more rule ids and a reason.
A reason is required: an entry without one waives nothing and is reported as a note.
Each valid entry is also recorded as a `DeclaredWaiver`, so one that matches no finding
is reported (IAC002) like an unused inline comment.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import DeclaredWaiver, Diagnostic

ANNOTATION = "iacgate.io/ignore"
_ENTRY = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{1,5}\d{3}(?:\s*,\s*[A-Za-z][A-Za-z0-9]{1,5}\d{3})*)\s*(?::\s*(.*?))?\s*$",
                    re.DOTALL)


def waivers(metas: list[Any], path: str, notes: list | None, resource: str = "",
            declared: list | None = None) -> dict[str, str]:
    """{rule_id: reason} from the `iacgate.io/ignore` annotation of these metadata maps;
    each waiver is appended to `declared` (when given) for the unused-waiver report."""
    out: dict[str, str] = {}
    for meta in metas:
        annotations = meta.get("annotations") if isinstance(meta, dict) else None
        if not isinstance(annotations, dict) or ANNOTATION not in annotations:
            continue
        spans = getattr(annotations, "key_spans", {})
        line = spans[ANNOTATION].line if ANNOTATION in spans else 0
        column = spans[ANNOTATION].column if ANNOTATION in spans else 1
        where = (spans[ANNOTATION].file if ANNOTATION in spans else None) or path
        for rule_ids, reason, problem in parse(annotations[ANNOTATION]):
            if problem:
                if notes is not None:
                    notes.append(Diagnostic(path, f"{ANNOTATION}: {problem}", line))
                continue
            for rid in rule_ids:
                out[rid] = reason
                if declared is not None:
                    declared.append(DeclaredWaiver(where, line, rid, resource, column))
    return out


def parse(value: Any) -> list[tuple[list[str], str, str]]:
    """(rule ids, reason, problem) per entry; `problem` is empty for a valid entry."""
    if not isinstance(value, str):
        return [([], "", f"expected text such as 'K8S012: reason', got {value!r}")]
    out = []
    for raw in re.split(r"[;\n]", value):
        if not raw.strip():
            continue
        m = _ENTRY.match(raw)
        if not m:
            out.append(([], "", f"cannot read {raw.strip()!r}: expected 'RULE-ID: reason'"))
            continue
        ids = [x.strip().upper() for x in m.group(1).split(",")]
        reason = (m.group(2) or "").strip()
        if not reason:
            out.append((ids, "", f"{', '.join(ids)} not waived: a reason is required "
                                 f"('{ids[0]}: why this is acceptable')"))
            continue
        out.append((ids, reason, ""))
    return out

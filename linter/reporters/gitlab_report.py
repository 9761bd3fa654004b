"""GitLab Code Quality report (the `codequality` artifact shown in merge requests).

A JSON array of issues: description, check_name, fingerprint (unique per issue, stable
across line moves), severity (info/minor/major/critical/blocker), location.path relative
to the repository root and location.lines.begin. Waived findings stay, as `info` with
the waiver in the description, so a reviewer sees what was waived and why; findings on
values not known statically are `info` too, marked as not decided.
"""

from __future__ import annotations

import hashlib

from ..model import Severity
from . import ReportSettings
from .jsontext import dumps
from .locations import repo_path, source_root

SEVERITY = {Severity.INFO: "info", Severity.LOW: "minor", Severity.MEDIUM: "major",
            Severity.HIGH: "critical", Severity.CRITICAL: "blocker"}


def render(result, settings: ReportSettings) -> str:
    issues: list[dict] = []
    seen: dict[str, int] = {}
    root = source_root()
    for f in result.findings:
        base = f.fingerprint or f"{f.rule_id}:{f.path}:{f.line}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        fingerprint = base if n == 0 else hashlib.sha256(f"{base}:{n}".encode()).hexdigest()[:32]
        description = f"{f.rule_id} {f.message}"
        severity = SEVERITY[f.severity]
        if f.waiver is not None:
            description = f"[waived: {f.waiver.kind}: {f.waiver.reason}] {description}"
            severity = "info"
        elif f.unknown:  # never fails the gate: not shown as a blocker next to real ones
            description = f"[not decided: value unknown statically, {f.severity} when known] {description}"
            severity = "info"
        issues.append({
            "type": "issue",
            "engine_name": "iacgate",
            "check_name": f"{f.rule_id} {f.rule_name}",
            "description": description,
            "content": {"body": f.remediation},
            "categories": ["Security"],
            "fingerprint": fingerprint,
            "severity": severity,
            "location": {"path": repo_path(f.path, root),
                         "lines": {"begin": max(1, f.line), "end": max(f.line, f.location.end_line)}},
        })
    return dumps(issues, flat_below=1) + "\n"  # one line per issue

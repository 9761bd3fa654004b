"""JSON report: one document, version 1. Scripts and CI gates read this shape."""

from __future__ import annotations

from . import ReportSettings
from .jsontext import dumps
from .summary import summary


def finding_dict(f) -> dict:
    waiver = None
    if f.waiver is not None:
        waiver = {"kind": f.waiver.kind, "reason": f.waiver.reason, "owner": f.waiver.owner,
                  "expires": f.waiver.expires}
    return {
        "rule_id": f.rule_id, "rule_name": f.rule_name, "severity": str(f.severity),
        "confidence": f.confidence, "message": f.message, "remediation": f.remediation,
        "path": f.location.path, "line": f.location.line, "column": f.location.column,
        "end_line": f.location.end_line, "end_column": f.location.end_column,
        "resource": f.resource, "fingerprint": f.fingerprint, "waiver": waiver,
        "unknown": f.unknown,
    }


def render(result, settings: ReportSettings) -> str:
    doc = {
        "version": 1,
        "tool": {"name": "iacgate", "version": settings.tool_version},
        "findings": [finding_dict(f) for f in result.findings],
        "summary": summary(result, settings.fail_on),
        "notes": [{"path": n.path, "line": n.line, "message": n.message} for n in result.notes],
    }
    shard = getattr(result, "shard", None)
    if shard is not None:  # what `iacgate merge` needs to join the parts into one report
        doc["shard"] = {"index": shard[0], "count": shard[1], "files": list(result.files),
                        "rules": sorted(r.id for r in result.rules)}
    gov = getattr(result, "governance", None)
    if gov is not None:
        doc["governance"] = {
            "exceptions_file": gov.exceptions_file, "expired_exceptions": gov.expired,
            "unused_exceptions": gov.unused_exceptions, "baseline_file": gov.baseline_file,
            "stale_baseline_entries": gov.stale, "diff_base": gov.diff_base,
            "outside_diff": gov.out_of_diff,
        }
    if settings.show_unknown:
        doc["unknowns"] = [
            {"rule_id": u.rule_id, "path": u.location.path, "line": u.location.line,
             "resource": u.resource, "expression": u.expr}
            for u in result.unknowns
        ]
    return dumps(doc, flat_below=2) + "\n"  # one line per finding

"""Counts shared by reporters and the exit code."""

from __future__ import annotations

from collections import Counter

from ..model import Finding, Severity


def active(findings: list[Finding]) -> list[Finding]:
    """Findings not waived: the ones that count."""
    return [f for f in findings if f.waiver is None]


def failing(findings: list[Finding], fail_on: Severity) -> list[Finding]:
    """What fails the gate: not waived, at or above the threshold, and decided on known
    values (a finding on an unknown value is a question for a person, not a failure)."""
    return [f for f in active(findings) if f.severity >= fail_on and not f.unknown]


def summary(result, fail_on: Severity) -> dict:
    counts = Counter(str(f.severity) for f in active(result.findings))
    return {
        "files_scanned": len(result.files),
        "findings": len(active(result.findings)),
        "by_severity": {str(s): counts.get(str(s), 0) for s in Severity},
        "parse_errors": sum(1 for f in result.findings if f.rule_id == "IAC001"),
        "waived": sum(1 for f in result.findings if f.waiver is not None),
        "waived_by_kind": dict(Counter(f.waiver.kind for f in result.findings if f.waiver is not None)),
        "failing": len(failing(result.findings, fail_on)),
        "fail_on": str(fail_on),
        "rules": len(result.rules),
        **{name: report.as_dict() for name, report in (getattr(result, "bridges", None) or {}).items()},
    }


def summary_line(result, fail_on: Severity) -> str:
    s = summary(result, fail_on)
    parts = [f"{n} {sev}" for sev, n in reversed(list(s["by_severity"].items())) if n]
    text = (f"iacgate: {s['files_scanned']} files scanned, {s['findings']} findings"
            + (f" ({', '.join(parts)})" if parts else "")
            + f", {s['parse_errors']} parse errors")
    if s["waived"]:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(s["waived_by_kind"].items()))
        text += f", {s['waived']} waived ({kinds})"
    verdict = "FAIL" if s["failing"] else "PASS"
    text = f"{text}; gate {verdict} at --fail-on {s['fail_on']}"
    ck = s.get("checkov")
    if ck:  # checkov's own time, apart from iacgate's
        text += (f"; checkov: {ck['seconds']:.1f} s ({ck['kept']} results kept, "
                 f"{ck['covered_natively']} covered natively, {ck['waived']} waived by skips"
                 + (f", {ck['errors']} files it could not check" if ck["errors"] else "") + ")")
    return text

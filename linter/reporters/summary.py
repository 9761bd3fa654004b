"""Counts shared by reporters and the exit code."""

from __future__ import annotations

from collections import Counter

from ..model import Finding, Severity
from .printable import plural


def active(findings: list[Finding]) -> list[Finding]:
    """Findings not waived: the ones that count."""
    return [f for f in findings if f.waiver is None]


def decided(findings: list[Finding]) -> list[Finding]:
    """Active findings decided on known values (the ones shown with their severity)."""
    return [f for f in active(findings) if not f.unknown]


def undecided(findings: list[Finding]) -> list[Finding]:
    """Active findings on values not known statically: questions for a person, shown apart."""
    return [f for f in active(findings) if f.unknown]


def waived(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.waiver is not None]


def failing(findings: list[Finding], fail_on: Severity) -> list[Finding]:
    """What fails the gate: not waived, at or above the threshold, and decided on known
    values (a finding on an unknown value is a question for a person, not a failure)."""
    return [f for f in decided(findings) if f.severity >= fail_on]


def fails_gate(finding: Finding, fail_on: Severity) -> bool:
    return finding.waiver is None and not finding.unknown and finding.severity >= fail_on


def summary(result, fail_on: Severity) -> dict:
    counts = Counter(str(f.severity) for f in active(result.findings))
    return {
        "files_scanned": len(result.files),
        "findings": len(active(result.findings)),
        "by_severity": {str(s): counts.get(str(s), 0) for s in Severity},
        "unknown": len(undecided(result.findings)),
        "parse_errors": sum(1 for f in result.findings if f.rule_id == "IAC001"),
        "waived": sum(1 for f in result.findings if f.waiver is not None),
        "waived_by_kind": dict(Counter(f.waiver.kind for f in result.findings if f.waiver is not None)),
        "failing": len(failing(result.findings, fail_on)),
        "fail_on": str(fail_on),
        "rules": len(result.rules),
        **{name: report.as_dict() for name, report in (getattr(result, "bridges", None) or {}).items()},
    }


def waived_counts(findings: list[Finding]) -> str:
    """`80 baseline, 5 exception`."""
    kinds = Counter(f.waiver.kind for f in findings if f.waiver is not None)
    return ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))


def summary_line(result, fail_on: Severity) -> str:
    s = summary(result, fail_on)
    known = decided(result.findings)
    counts = Counter(f.severity for f in known)
    parts = [f"{counts[sev]} {sev}" for sev in sorted(counts, reverse=True)]
    text = (f"iacgate: {plural(s['files_scanned'], 'file')} scanned, {plural(len(known), 'finding')}"
            + (f" ({', '.join(parts)})" if parts else "")
            + f", {plural(s['parse_errors'], 'parse error')}")
    if s["unknown"]:
        text += f", {s['unknown']} not decided (unknown values)"
    if s["waived"]:
        text += f", {s['waived']} waived ({waived_counts(result.findings)})"
    verdict = "FAIL" if s["failing"] else "PASS"
    text = f"{text}; gate {verdict} at --fail-on {s['fail_on']}"
    ck = s.get("checkov")
    if ck:  # checkov's own time, apart from iacgate's
        text += (f"; checkov: {ck['seconds']:.1f} s ({ck['kept']} results kept, "
                 f"{ck['covered_natively']} covered natively, {ck['waived']} waived by skips"
                 + (f", {ck['errors']} files it could not check" if ck["errors"] else "") + ")")
    return text

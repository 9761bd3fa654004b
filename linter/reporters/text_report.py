"""Human report: grouped by file, with a code frame and the remediation.

Three parts, so that what a person must act on comes first: findings decided on known
values (with their severity), then findings on values not known statically (labelled
UNKNOWN: they never fail the gate), then waived findings as a one-line count (listed in
full with --show-waived). Everything taken from scanned files passes through
`printable`, so a file name or value cannot drive the terminal.
"""

from __future__ import annotations

from itertools import groupby

from ..model import Severity
from . import ReportSettings
from .printable import plural, printable
from .summary import decided, undecided, waived, waived_counts

_COLORS = {Severity.CRITICAL: "\033[1;35m", Severity.HIGH: "\033[1;31m",
           Severity.MEDIUM: "\033[33m", Severity.LOW: "\033[36m", Severity.INFO: "\033[2m"}
_RESET = "\033[0m"
_DIM = "\033[2m"
_BOLD = "\033[1m"
_UNKNOWN = "\033[34m"


def render(result, settings: ReportSettings) -> str:
    out: list[str] = []
    paint = (lambda code, text: f"{code}{text}{_RESET}") if settings.color else (lambda code, text: text)

    def block(findings, label) -> None:
        for path, group in groupby(findings, key=lambda f: f.path):
            out.append(paint(_BOLD, printable(path)))
            lines = (result.sources.get(path) or "").splitlines()
            for f in group:
                out.extend(_finding(f, lines, label(f), paint))
            out.append("")

    block(decided(result.findings),
          lambda f: paint(_COLORS[f.severity], str(f.severity).upper()))
    unknown = undecided(result.findings)
    if unknown:
        out.append(paint(_BOLD, f"Not decided: {plural(len(unknown), 'finding')} on values not known "
                                "statically (they never fail the gate; check them by hand)"))
        out.append("")
        block(unknown, lambda f: paint(_UNKNOWN, "UNKNOWN") + f" ({f.severity} when known)")
    kept = waived(result.findings)
    if kept and settings.show_waived:
        out.append(paint(_BOLD, f"Waived: {plural(len(kept), 'finding')} (not counted by the gate)"))
        out.append("")
        block(kept, lambda f: paint(_DIM, str(f.severity).upper()))
    elif kept:
        out.append(paint(_DIM, f"{plural(len(kept), 'waived finding')} not shown "
                               f"({waived_counts(kept)}): --show-waived lists them"))
        out.append("")
    if settings.show_unknown and result.unknowns:
        out.append(paint(_BOLD, "Not evaluated (values unknown statically):"))
        for u in result.unknowns:
            out.append(printable(f"  {u.location.path}:{u.location.line}  {u.rule_id}  "
                                 f"{u.resource}: {u.expr}"))
        out.append("")
    return "\n".join(out)


def _finding(f, lines: list[str], label: str, paint) -> list[str]:
    head = (f"  {printable(f.path)}:{f.line}:{f.location.column}  {label}"
            f"  {f.rule_id} {printable(f.rule_name)}")
    if f.waiver is not None:
        who = f", owner {f.waiver.owner}" if f.waiver.owner else ""
        until = f", until {f.waiver.expires}" if f.waiver.expires else ""
        head += paint(_DIM, printable(f"  [waived: {f.waiver.kind}: {f.waiver.reason}{who}{until}]"))
    out = [head, "    " + printable(f.message + (f"  ({f.resource})" if f.resource else ""))]
    if 0 < f.line <= len(lines):
        src = printable(lines[f.line - 1].rstrip().expandtabs(4))
        out.append(paint(_DIM, f"    {f.line:>5} | ") + src[:200])
    if f.remediation and f.waiver is None:
        out.append(paint(_DIM, "    fix: " + printable(f.remediation.strip().splitlines()[0])))
    return out

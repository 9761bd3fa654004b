"""Human report: grouped by file, with a code frame and the remediation."""

from __future__ import annotations

from itertools import groupby

from ..model import Severity
from . import ReportSettings

_COLORS = {Severity.CRITICAL: "\033[1;35m", Severity.HIGH: "\033[1;31m",
           Severity.MEDIUM: "\033[33m", Severity.LOW: "\033[36m", Severity.INFO: "\033[2m"}
_RESET = "\033[0m"
_DIM = "\033[2m"
_BOLD = "\033[1m"


def render(result, settings: ReportSettings) -> str:
    out: list[str] = []
    paint = (lambda code, text: f"{code}{text}{_RESET}") if settings.color else (lambda code, text: text)
    for path, group in groupby(result.findings, key=lambda f: f.path):
        out.append(paint(_BOLD, path))
        lines = (result.sources.get(path) or "").splitlines()
        for f in group:
            sev = str(f.severity).upper()
            head = (f"  {f.path}:{f.line}:{f.location.column}  {paint(_COLORS[f.severity], sev)}"
                    f"  {f.rule_id} {f.rule_name}")
            if f.waiver is not None:
                who = f", owner {f.waiver.owner}" if f.waiver.owner else ""
                until = f", until {f.waiver.expires}" if f.waiver.expires else ""
                head += paint(_DIM, f"  [waived: {f.waiver.kind}: {f.waiver.reason}{who}{until}]")
            out.append(head)
            out.append(f"    {f.message}" + (f"  ({f.resource})" if f.resource else ""))
            if 0 < f.line <= len(lines):
                src = lines[f.line - 1].rstrip()
                out.append(paint(_DIM, f"    {f.line:>5} | ") + src[:200])
            if f.remediation and f.waiver is None:
                out.append(paint(_DIM, f"    fix: {f.remediation.strip().splitlines()[0]}"))
        out.append("")
    if settings.show_unknown and result.unknowns:
        out.append(paint(_BOLD, "Not evaluated (values unknown statically):"))
        for u in result.unknowns:
            out.append(f"  {u.location.path}:{u.location.line}  {u.rule_id}  {u.resource}: {u.expr}")
        out.append("")
    return "\n".join(out)

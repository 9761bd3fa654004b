"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

`::error` for findings that fail the gate, `::warning` for other active findings (below
the threshold, or on values not known statically) and
`::notice` for waived ones (marked waived, with the reason). Values are escaped as the
runner expects: `%`, CR and LF everywhere, and also `:` and `,` in properties.
"""

from __future__ import annotations

from . import ReportSettings
from .locations import repo_path, source_root
from .printable import printable
from .summary import fails_gate


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, settings: ReportSettings) -> str:
    out: list[str] = []
    root = source_root()  # annotations need paths from the repository root
    for f in result.findings:
        if f.waiver is not None:
            command = "notice"
            message = printable(f"[waived: {f.waiver.kind}: {f.waiver.reason}] {f.message}")
        else:
            command = "error" if fails_gate(f, settings.fail_on) else "warning"
            message = printable(f.message)
            if f.remediation:
                message += "\nFix: " + printable(f.remediation.strip().splitlines()[0])
        loc = f.location
        props = [("file", printable(repo_path(f.path, root))), ("line", str(loc.line)), ("col", str(loc.column))]
        if loc.end_line >= loc.line:
            props.append(("endLine", str(loc.end_line)))
        if loc.end_line == loc.line and loc.end_column >= loc.column:
            props.append(("endColumn", str(loc.end_column)))
        props.append(("title", f"{f.rule_id} {f.rule_name} ({f.severity})"))
        prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        out.append(f"::{command} {prop_text}::{escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")

"""JUnit XML for GitLab, Jenkins and other CI test views.

One testcase per finding, so that the test view agrees with the gate: a `<failure>` is
exactly a finding that fails the gate (active, at or above --fail-on, decided on known
values); a finding below the threshold or on an unknown value is a passing testcase whose
`<system-out>` says so; a waived finding is `<skipped>` with its waiver. Files without
findings get one passing testcase each, so a clean scan still shows what was checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import ReportSettings
from .locations import repo_path, source_root
from .summary import fails_gate

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (a value copied from a scanned file may)."""
    return _NOT_XML.sub("\ufffd", text)


def _waiver_text(w) -> str:
    extra = "".join(f", {k} {v}" for k, v in (("owner", w.owner), ("expires", w.expires)) if v)
    return f"waived ({w.kind}{extra}): {w.reason}"


def _body(f) -> str:
    text = (f"{f.path}:{f.line}:{f.location.column} [{str(f.severity).upper()}] {f.message}"
            + (f" ({f.resource})" if f.resource else ""))
    if f.remediation:
        text += f"\nfix: {f.remediation.strip().splitlines()[0]}"
    return text


def render(result, settings: ReportSettings) -> str:
    findings = sorted(result.findings, key=lambda f: (f.path, f.line, f.location.column, f.rule_id))
    clean = sorted(set(result.files) - {f.path for f in findings})
    tests = len(findings) + len(clean)
    failures = sum(1 for f in findings if fails_gate(f, settings.fail_on))
    skipped = sum(1 for f in findings if f.waiver is not None)
    suites = ET.Element("testsuites", name="iacgate", tests=str(tests), failures=str(failures),
                        errors="0", skipped=str(skipped), time="0")
    suite = ET.SubElement(suites, "testsuite", name="iacgate", tests=str(tests),
                          failures=str(failures), errors="0", skipped=str(skipped), time="0")
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="fail_on", value=str(settings.fail_on))
    ET.SubElement(props, "property", name="version", value=settings.tool_version or "")
    root = source_root()  # CI systems resolve `file` from the repository root
    for f in findings:
        name = f"{f.path}:{f.line}" + (f" {f.resource}" if f.resource else "")
        case = ET.SubElement(suite, "testcase", classname=f"{f.rule_id} {f.rule_name}",
                             name=_xml(name), file=_xml(repo_path(f.path, root)),
                             line=str(f.line), time="0")
        if f.waiver is not None:
            skip = ET.SubElement(case, "skipped", message=_xml(_waiver_text(f.waiver)))
            skip.text = _xml(_body(f))
        elif fails_gate(f, settings.fail_on):
            failure = ET.SubElement(case, "failure", message=_xml(f"{f.severity}: {f.message}"),
                                    type=f.rule_id)
            failure.text = _xml(_body(f))
        else:
            why = ("value not known statically: check by hand" if f.unknown
                   else f"{f.severity}, below the gate's threshold ({settings.fail_on})")
            out = ET.SubElement(case, "system-out")
            out.text = _xml(f"{why}; below the gate, not a failure\n{_body(f)}")
    for path in clean:
        ET.SubElement(suite, "testcase", classname="iacgate", name=_xml(path),
                      file=_xml(repo_path(path, root)), time="0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"

"""JUnit XML for GitLab, Jenkins and other CI test views.

One testcase per (rule, file) with findings: a `<failure>` listing every active finding,
or `<skipped>` when all were waived (the waivers are in the message). Files without
findings get one passing testcase each, so a clean scan still shows what was checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from . import ReportSettings
from .locations import repo_path, source_root

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (a value copied from a scanned file may)."""
    return _NOT_XML.sub("\ufffd", text)


def _waiver_text(w) -> str:
    extra = "".join(f", {k} {v}" for k, v in (("owner", w.owner), ("expires", w.expires)) if v)
    return f"waived ({w.kind}{extra}): {w.reason}"


def render(result, settings: ReportSettings) -> str:
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for f in result.findings:
        groups[(f.path, f.rule_id)].append(f)
    clean = sorted(set(result.files) - {path for path, _ in groups})
    tests = len(groups) + len(clean)
    failures = sum(1 for fs in groups.values() if any(f.waiver is None for f in fs))
    skipped = len(groups) - failures
    suites = ET.Element("testsuites", name="iacgate", tests=str(tests), failures=str(failures),
                        errors="0", skipped=str(skipped), time="0")
    suite = ET.SubElement(suites, "testsuite", name="iacgate", tests=str(tests),
                          failures=str(failures), errors="0", skipped=str(skipped), time="0")
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="fail_on", value=str(settings.fail_on))
    ET.SubElement(props, "property", name="version", value=settings.tool_version or "")
    root = source_root()  # CI systems resolve `file` from the repository root
    for (path, rule_id), fs in sorted(groups.items()):
        first = fs[0]
        case = ET.SubElement(suite, "testcase", classname=f"{rule_id} {first.rule_name}",
                             name=_xml(path), file=_xml(repo_path(path, root)),
                             line=str(first.line), time="0")
        active = [f for f in fs if f.waiver is None]
        lines = []
        for f in fs:
            status = _waiver_text(f.waiver) if f.waiver else str(f.severity).upper()
            lines.append(f"{f.path}:{f.line}:{f.location.column} [{status}] {f.message}"
                         + (f" ({f.resource})" if f.resource else ""))
        if first.remediation:
            lines.append(f"fix: {first.remediation.strip().splitlines()[0]}")
        body = "\n".join(lines)
        if active:
            worst = max(f.severity for f in active)
            message = f"{len(active)} finding(s), {worst}: {active[0].message}"
            failure = ET.SubElement(case, "failure", message=_xml(message), type=rule_id)
            failure.text = _xml(body)
        else:
            skip = ET.SubElement(case, "skipped", message=_xml(_waiver_text(fs[0].waiver)))
            skip.text = _xml(body)
    for path in clean:
        ET.SubElement(suite, "testcase", classname="iacgate", name=_xml(path),
                      file=_xml(repo_path(path, root)), time="0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"

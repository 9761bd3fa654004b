"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Every result has a physical location with startLine >= 1, a URI relative to `%SRCROOT%`
(the repository root), `partialFingerprints` that survive line moves, and waived results
carry `suppressions` (inline comments are `inSource`, the register and baseline `external`).
One rule descriptor per rule that has results, with help text and `security-severity`.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ..model import Severity
from . import ReportSettings
from .locations import repo_path, source_root

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5",
                     Severity.LOW: "3.0", Severity.INFO: "0.0"}
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
         Severity.LOW: "note", Severity.INFO: "note"}
PRECISION = {"high": "very-high", "medium": "high", "low": "medium"}


def _rules_by_id(result) -> dict:
    from ..diagnostics import ENGINE_RULES

    rules = dict(ENGINE_RULES)
    rules.update({r.id: r for r in result.rules})
    return rules


def _descriptor(rule, severity: Severity) -> dict:
    help_text = f"{rule.remediation}\n\n{rule.rationale}".strip()
    references = "".join(f"\n- {ref}" for ref in rule.references)
    desc = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {"text": help_text + (f"\n\nReferences:{references}" if references else ""),
                 "markdown": f"**{rule.title}**\n\n{rule.rationale}\n\n**Fix:** {rule.remediation}"
                             + (f"\n\n**References:**{references}" if references else "")},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"security-severity": SECURITY_SEVERITY[severity],
                       "precision": PRECISION.get(rule.confidence, "medium"),
                       "tags": ["security", *rule.tags], "severity": str(severity)},
    }
    if rule.references:
        desc["helpUri"] = rule.references[0]
    return desc


def _uri(path: str, root=None) -> tuple[str, bool]:
    """(uri, relative to %SRCROOT%)."""
    rel = repo_path(path, root)
    if rel.startswith("/"):
        return "file://" + quote(rel), False
    return quote(rel), True


def _suppression(waiver) -> dict:
    detail = [f"owner {waiver.owner}"] if waiver.owner else []
    if waiver.expires:
        detail.append(f"expires {waiver.expires}")
    text = waiver.reason + (f" ({', '.join(detail)})" if detail else "")
    return {"kind": "inSource" if waiver.kind == "inline" else "external",
            "status": "accepted", "justification": text}


def render(result, settings: ReportSettings) -> str:
    rules = _rules_by_id(result)
    root = source_root()
    descriptors: list[dict] = []
    index: dict[str, int] = {}
    results: list[dict] = []
    for f in result.findings:
        if f.rule_id not in index:
            index[f.rule_id] = len(descriptors)
            rule = rules.get(f.rule_id)
            if rule is None:  # a rule we have no metadata for: keep the result valid
                descriptors.append({"id": f.rule_id, "name": f.rule_name,
                                    "shortDescription": {"text": f.rule_name},
                                    "properties": {"security-severity": SECURITY_SEVERITY[f.severity]}})
            else:
                descriptors.append(_descriptor(rule, f.severity))
        uri, relative = _uri(f.path, root)
        artifact = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        loc = f.location
        region = {"startLine": max(1, loc.line), "startColumn": max(1, loc.column),
                  "endLine": max(loc.line, loc.end_line), "endColumn": max(1, loc.end_column)}
        if region["endLine"] == region["startLine"] and region["endColumn"] < region["startColumn"]:
            region["endColumn"] = region["startColumn"]
        item = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": "note" if f.unknown else LEVEL[f.severity],  # unknown: never an error
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {"iacgate/v1": f.fingerprint},
            "properties": {"severity": str(f.severity), "confidence": f.confidence,
                           "security-severity": SECURITY_SEVERITY[f.severity],
                           **({"unknown": True} if f.unknown else {})},
        }
        if f.resource:
            item["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": f.resource}]
        if f.waiver is not None:
            item["suppressions"] = [_suppression(f.waiver)]
        results.append(item)
    root_uri = source_root().as_uri().rstrip("/") + "/"
    run = {
        "tool": {"driver": {"name": "iacgate", "version": settings.tool_version or "0",
                            "semanticVersion": settings.tool_version or "0.0.0",
                            "rules": descriptors}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
        "invocations": [{"executionSuccessful": True,
                         "toolExecutionNotifications": [
                             {"level": "warning", "message": {"text": n.message},
                              **({"locations": [_note_location(n)]} if n.path else {})}
                             for n in result.notes]}],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2) + "\n"


def _note_location(note) -> dict:
    uri, relative = _uri(note.path)
    artifact = {"uri": uri, **({"uriBaseId": "%SRCROOT%"} if relative else {})}
    physical: dict = {"artifactLocation": artifact}
    if note.line and note.line > 0:
        physical["region"] = {"startLine": note.line}
    return {"physicalLocation": physical}

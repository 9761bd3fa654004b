"""The engine's own findings (`IAC` ids): they are about the scan, not a cloud."""

from __future__ import annotations

from pathlib import Path

from .model import Severity
from .rules import Rule


def _rule(id_: str, name: str, title: str, severity: Severity, rationale: str,
          remediation: str) -> Rule:
    return Rule(id=id_, name=name, title=title, severity=severity, confidence="high",
                kind="any", levels=(), types=None, match=None, message=title,
                rationale=rationale, remediation=remediation, references=(), tags=("iacgate",),
                suppressible=id_ != "IAC001", on_unknown="ignore", params={}, pack="iacgate",
                source=Path(__file__))


ENGINE_RULES: dict[str, Rule] = {r.id: r for r in (
    _rule("IAC001", "parse-error", "File cannot be parsed", Severity.HIGH,
          "A file iacgate cannot read is a file nobody checked: it must never look clean.",
          "Fix the syntax error at the reported line, or exclude the file if it is not "
          "infrastructure code (--exclude)."),
    _rule("IAC002", "unused-suppression", "Suppression matches no finding", Severity.LOW,
          "A suppression that waives nothing hides the next real finding at that place.",
          "Remove the suppression comment, annotation entry or exception entry."),
    _rule("IAC003", "duplicate-key", "Duplicate key in a YAML mapping", Severity.MEDIUM,
          "YAML keeps only the last of two equal keys, so a reviewer may read a value "
          "(permissions: read-all) that the tool never sees (a later write-all).",
          "Remove one of the two keys so that the file says one thing."),
    _rule("IAC004", "expired-exception", "Exception in the register has expired",
          Severity.MEDIUM,
          "An exception with an owner and an expiry date is a promise to fix; once the date "
          "is past, the finding it waived counts again.",
          "Fix the finding, or renew the exception with its owner's agreement."),
    _rule("IAC005", "unused-exception", "Exception in the register matches no finding",
          Severity.LOW,
          "An exception that waives nothing is a blank cheque: the next finding at that place "
          "would be waived without anyone deciding so.",
          "Remove the entry from the exceptions register (the finding it covered is gone)."),
    _rule("IAC006", "rule-error", "A rule could not evaluate this resource", Severity.HIGH,
          "A rule that fails on a file has not checked it: the gate must not pass it as clean. "
          "The rest of the scan goes on.",
          "This is a defect in iacgate or in a custom rule: report it with the file shape. "
          "Until then, waive it in the exceptions register with an owner and an expiry."),
    _rule("IAC010", "checkov-error", "checkov could not check this file", Severity.HIGH,
          "With --checkov the gate promises checkov's checks on every file; a file checkov "
          "could not read or crashed on has not had them, so it must not look clean.",
          "Check that checkov itself can scan the file (`checkov -f FILE`); fix the file or "
          "report the checkov defect. Until then, waive it in the exceptions register."),
)}

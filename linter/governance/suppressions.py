"""Inline suppressions: `# iacgate:ignore RULE[,RULE...] reason` (also `//`, `/* */` in HCL).

A comment alone on its line waives findings on the next line that is not itself a comment
(so several suppressions can be stacked above one line); a comment after code waives
findings on that same line. Above (or on) the first line of a block — a Terraform
resource or nested block, a Kubernetes object or container, a CI job or step — it waives
the named rules anywhere in that block (braces delimit HCL blocks, indentation YAML ones). The reason is required, rules marked `suppressible: false`
ignore inline suppressions, and a suppression that waives nothing is reported (IAC002).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Finding, Waiver

_MARK = re.compile(r"(?:^|(?<=\s))(?:#|//|/\*)\s*iacgate:ignore\b(?P<rest>.*)$", re.IGNORECASE)
_RULES = re.compile(r"\s*(?P<rules>[A-Za-z][A-Za-z0-9_-]*(?:\s*,\s*[A-Za-z][A-Za-z0-9_-]*)*)")
_COMMENT_LINE = re.compile(r"^\s*(?:#|//|/\*)")


@dataclass
class Suppression:
    path: str
    line: int  # where the comment is
    column: int
    target: int  # the line whose findings it waives
    rules: list[str]
    reason: str
    used: set[str] = field(default_factory=set)
    opens_block: bool = False  # the target line is a `key:` whose value starts below
    block_end: int = 0  # last line of the block that starts on the target line

    def covers(self, finding: Finding) -> bool:
        """On the finding's line, or on the first line of a block (resource, object, job,
        step, nested block) that holds the finding: then it covers that rule in the block."""
        if finding.line == self.line or self.target <= finding.line <= max(self.target, self.block_end):
            return True
        if finding.scope is None:
            return False
        start = finding.scope[0]
        return start == self.target or (self.opens_block and start == self.target + 1)


def _in_string(before: str, hcl: bool) -> bool:
    """Is the text after `before` inside a quoted string (so `#` starts no comment)?"""
    quote = None
    i = 0
    while i < len(before):
        c = before[i]
        if quote is None:
            # in YAML a quote opens a string only where a scalar starts (not in `it's`)
            starts = hcl or before[:i].rstrip()[-1:] in ("", ":", "-", "[", "{", ",", "?")
            if c == '"' and starts or (c == "'" and not hcl and starts):
                quote = c
        elif c == "\\" and quote == '"':
            i += 1
        elif c == quote:
            if quote == "'" and before[i + 1:i + 2] == "'":  # YAML's '' escape
                i += 1
            else:
                quote = None
        i += 1
    return quote is not None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def block_end(lines: list[str], target: int, hcl: bool) -> int:
    """Last line of the block starting on line `target` (1-based): braces in HCL,
    indentation in YAML; the target line itself when it opens no block."""
    if target > len(lines):
        return target
    if hcl:
        depth, quoted, end = 0, False, target
        for number in range(target, len(lines) + 1):
            text = lines[number - 1]
            i = 0
            while i < len(text):
                c = text[i]
                if quoted:
                    if c == "\\":
                        i += 1
                    elif c == '"':
                        quoted = False
                elif c == '"':
                    quoted = True
                elif c == "#" or text.startswith("//", i):
                    break
                elif c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                i += 1
            end = number
            if depth <= 0:
                break
        return end if depth <= 0 else len(lines)
    base = _indent(lines[target - 1])
    end = target
    for number in range(target + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            continue
        if _indent(text) <= base:
            break
        end = number
    return end


def parse(path: str, text: str) -> list[Suppression]:
    """Every suppression comment of one file, with the line it applies to."""
    if "iacgate:ignore" not in text.lower():
        return []
    lines = text.splitlines()
    hcl = path.endswith((".tf", ".tfvars", ".hcl"))
    found: list[Suppression] = []
    for number, line in enumerate(lines, start=1):
        if "iacgate:ignore" not in line.lower():
            continue
        m = _MARK.search(line)
        if m is None or _in_string(line[:m.start()], hcl):
            continue
        rest = m.group("rest").lstrip(":= \t")
        rm = _RULES.match(rest)
        rules = [r.strip() for r in rm.group("rules").split(",")] if rm else []
        reason = rest[rm.end():] if rm else rest
        reason = reason.strip().removesuffix("*/").strip().lstrip(":-\u2013\u2014 ").strip()
        if _COMMENT_LINE.match(line):
            target = number + 1
            while target <= len(lines) and _COMMENT_LINE.match(lines[target - 1]):
                target += 1
        else:
            target = number
        opens = target <= len(lines) and lines[target - 1].split(" #")[0].rstrip().endswith(":")
        found.append(Suppression(path, number, m.start() + 1, target, rules, reason,
                                 opens_block=opens, block_end=block_end(lines, target, hcl)))
    return found


def _names(finding: Finding, token: str) -> bool:
    return token.upper() == finding.rule_id or token == finding.rule_name


def apply(findings: list[Finding], sources: dict[str, str], suppressible: dict[str, bool],
          warnings: list[tuple[str, int, str]]) -> list[Suppression]:
    """Waive the findings that a suppression names; return all suppressions seen.

    `suppressible` maps rule id -> whether inline suppressions may waive it; `warnings`
    receives (path, line, message) for suppressions that were refused and why."""
    by_file: dict[str, list[Suppression]] = {}
    for path, text in sources.items():
        items = parse(path, text)
        if items:
            by_file[path] = items
    for f in findings:
        for s in by_file.get(f.path, ()):
            if not s.covers(f):
                continue
            token = next((t for t in s.rules if _names(f, t)), None)
            if token is None:
                continue
            s.used.add(token)
            if f.waiver is not None:
                continue
            if not suppressible.get(f.rule_id, True):
                warnings.append((s.path, s.line, f"{f.rule_id} cannot be suppressed inline "
                                 "(suppressible: false); add it to the exceptions register "
                                 "with an owner and an expiry date"))
            elif not s.reason:
                warnings.append((s.path, s.line, f"suppression of {f.rule_id} has no reason, so "
                                 f"the finding at line {f.line} stays: write "
                                 f"'iacgate:ignore {f.rule_id} <why this is acceptable>'"))
            else:
                f.waiver = Waiver("inline", s.reason)
    return [s for items in by_file.values() for s in items]

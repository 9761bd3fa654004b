"""One `iacgate fix` run: plan the fixes of a scan's findings, carry them out per file,
verify each file by scanning it again, and say what changed and what did not.

A fix is kept only when the edited file still parses, the findings it targets are gone,
and no finding appeared that was not there before (compared by rule, resource and
attribute, since lines move). The fixes of a file are first tried together; if that
fails they are tried one by one, each on top of those already kept.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import ScanOptions, ScanResult, display_path, scan
from ..model import Finding
from . import spec
from .edits import FixError, FixPlan
from .hcl_edit import NotLiteral, apply_hcl, literal
from .yaml_edit import apply_yaml

FIXED, SKIPPED, NOT_IN_PLACE, UNSAFE = "fixed", "skipped", "not fixed in place", "unsafe"


@dataclass
class Outcome:
    """What happened to one finding that has a fix."""

    finding: Finding
    status: str
    detail: str = ""


@dataclass
class FileText:
    """A file's text as scanned, and how to write it back the way it was encoded."""

    path: Path
    text: str
    bom: bool = False
    crlf: bool = False

    @classmethod
    def read(cls, path: Path) -> FileText:
        raw = path.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
        return cls(path, text.replace("\r\n", "\n") if crlf else text, bom, crlf)

    def encode(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


@dataclass
class FixRun:
    outcomes: list[Outcome] = field(default_factory=list)
    changed: dict[str, tuple[FileText, str]] = field(default_factory=dict)  # display path ->

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


@dataclass
class _Planned:
    finding: Finding
    rule: Any
    plan: FixPlan
    file: str  # absolute path of the file the edits change


def _file_of(node: Any, fallback: str) -> str:
    span = getattr(node, "span", None)
    name = (span.file if span is not None and span.file else None) or getattr(node, "file", None)
    return os.path.abspath(name or fallback)


def _refusal_for_expression(expr: str, finding: Finding, value: Any) -> str:
    """Where a value written as an expression really comes from, and what to set there."""
    want = literal(value) if isinstance(value, (str, int, float, bool)) else "the secure value"
    m = re.fullmatch(r"var\.([A-Za-z_][\w-]*)", expr)
    if m:
        module = re.match(r"^((?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*)", finding.resource).group(1)
        if module:
            return (f"the value comes from variable `{m.group(1)}` of {module.rstrip('.')}: "
                    f"set that module input to {want}")
        return (f"the value comes from variable `{m.group(1)}`: set it to {want} (its default, "
                "a .tfvars file or -var)")
    m = re.fullmatch(r"local\.([A-Za-z_][\w-]*)", expr)
    if m:
        return f"the value comes from local `{m.group(1)}`: make it {want}"
    return f"the value is computed by `{expr}`: change it to give {want}"


def _plan(finding: Finding, rule: Any, params: dict) -> _Planned:
    subject, hit = finding.origin
    if subject.kind == "terraform" and not subject.path.endswith(".tf"):
        what = "a Terraform plan" if subject.path.endswith(".json") else "this file format"
        return _Planned(finding, rule, FixPlan(refusal=f"{what} is not edited: change the "
                                                       "Terraform configuration it comes from"), "")
    try:
        planned = spec.plan(rule, subject, hit, params)
    except Exception as exc:  # noqa: BLE001 - one rule's fix defect must not stop the run
        planned = FixPlan(refusal=f"the fix failed: {type(exc).__name__}: {exc}")
    if planned.refusal:
        return _Planned(finding, rule, planned, "")
    files = {_file_of(e.node, subject.path) for e in planned.edits}
    if len(files) != 1:
        return _Planned(finding, rule, FixPlan(refusal="the fix would change several files"), "")
    target = files.pop()
    if subject.kind == "kubernetes" and target != os.path.abspath(subject.path):
        return _Planned(finding, rule, FixPlan(
            refusal=f"rendered by Helm from {display_path(target)}: set it in the chart's "
                    "values (or the template)"), "")
    return _Planned(finding, rule, planned, target)


def _apply(path: str, text: str, plans: list[_Planned]) -> str:
    edits = [e for p in plans for e in p.plan.edits]
    if path.endswith(".tf"):
        return apply_hcl(text, edits)
    if path.endswith((".yml", ".yaml")):
        return apply_yaml(text, edits)
    raise FixError("only .tf and YAML files are edited (not JSON)")


def _key(f: Finding) -> tuple:
    return (f.rule_id, f.resource, f.attr)


class _Verifier:
    """Scans one file (as on disk or as edited) with the run's rule selection."""

    def __init__(self, options: ScanOptions, kind: str, path: str, base: str | None = None) -> None:
        self.options = options
        self.kind = kind
        self.path = path
        self.shown = display_path(path)
        self.base = base  # the text the edits start from, when it is not the file on disk
        self._before: Counter | None = None

    def _scan(self, text: str | None) -> tuple[Counter, bool]:
        opts = dataclasses.replace(self.options, targets=[self.path], force_kind=self.kind,
                                   overlay={str(Path(self.path).resolve()): text}
                                   if text is not None else {},
                                   stdin_text=None, jobs=1)
        result = scan(opts)
        mine = [f for f in result.findings if f.path == self.shown]
        broken = any(f.rule_id == "IAC001" for f in mine)
        return Counter(_key(f) for f in mine), broken

    def check(self, text: str, targets: list[Finding]) -> str | None:
        """None when the edited text is good, else why not."""
        if self._before is None:
            self._before = self._scan(self.base)[0]
        after, broken = self._scan(text)
        if broken:
            return "the edited file does not parse"
        wanted = Counter(_key(f) for f in targets)
        for key, n in wanted.items():
            if after[key] > max(0, self._before[key] - n):
                return f"{key[0]} is still reported after the edit"
        for key, n in after.items():
            if n > self._before[key]:
                return f"the edit brings a new finding ({key[0]} {key[1]} {key[2]})".rstrip()
        return None


def _fix_file(path: str, plans: list[_Planned], options: ScanOptions, run: FixRun) -> None:
    shown = display_path(path)
    if shown in run.changed:
        original, current = run.changed[shown]
    else:
        try:
            original = FileText.read(Path(path))
        except (OSError, UnicodeDecodeError) as exc:
            run.outcomes += [Outcome(p.finding, SKIPPED, f"cannot read the file: {exc}") for p in plans]
            return
        current = original.text
    verifier = _Verifier(options, plans[0].rule.kind, path, current if current != original.text else None)

    def attempt(chosen: list[_Planned]) -> tuple[str | None, str | None]:
        try:
            text = _apply(path, current, chosen)
        except NotLiteral as exc:
            return None, _refusal_for_expression(exc.expr, chosen[-1].finding,
                                                 _first_value(chosen[-1].plan))
        except FixError as exc:
            return None, str(exc)
        except Exception as exc:  # noqa: BLE001 - an editor defect skips the fix, never the run
            return None, f"the edit failed: {type(exc).__name__}: {exc}"
        if text == current:
            return None, "the edit changes nothing"
        return text, verifier.check(text, [p.finding for p in chosen])

    text, problem = attempt(plans) if len(plans) > 1 else (None, "one by one")
    kept: list[_Planned] = []
    if problem is None and text is not None:
        kept = list(plans)
    else:
        text = None
        for p in plans:
            candidate, why = attempt(kept + [p])
            if why is None and candidate is not None:
                kept.append(p)
                text = candidate
            else:
                status = NOT_IN_PLACE if why and why.startswith(("the value comes", "the value is"))\
                    else SKIPPED
                run.outcomes.append(Outcome(p.finding, status, why or "no change"))
    for p in kept:
        run.outcomes.append(Outcome(p.finding, FIXED, p.rule.fix.get("summary", "")))
    if kept and text is not None:
        run.changed[shown] = (original, text)


def _first_value(planned: FixPlan) -> Any:
    for e in planned.edits:
        if hasattr(e, "value"):
            return e.value
    return None


def _key_in_file(f: Finding) -> tuple:
    return (f.rule_id, f.path, f.resource, f.attr)


def fix_findings(result: ScanResult, options: ScanOptions, unsafe: bool, rounds: int = 3) -> FixRun:
    """Plan, apply and verify the fixes for the active findings of `result`.

    Fixes that only work once others are in place (two fixes editing one list) are tried
    again on the edited files, up to `rounds` times, so that a second run finds nothing
    left to do. Findings waived in the first scan stay untouched in every round."""
    rules = {r.id: r for r in result.rules}
    run = FixRun()
    waived = {f.fingerprint for f in result.findings if f.waiver is not None}
    findings = result.findings
    for round_ in range(rounds):
        by_file: dict[str, list[_Planned]] = {}
        for finding in findings:
            rule = rules.get(finding.rule_id)
            if rule is None or not rule.fix or finding.waiver is not None or finding.origin is None \
                    or finding.fingerprint in waived:
                continue
            if not spec.allowed(rule, unsafe):
                if round_ == 0:
                    run.outcomes.append(Outcome(finding, UNSAFE, rule.fix.get("summary", "")))
                continue
            params = dict(rule.params)
            params.update(options.rule_params.get(rule.id, {}))
            planned = _plan(finding, rule, params)
            if planned.plan.refusal:
                if round_ == 0:
                    run.outcomes.append(Outcome(finding, NOT_IN_PLACE, planned.plan.refusal))
                continue
            by_file.setdefault(planned.file, []).append(planned)
        if round_ > 0:
            retried = {_key_in_file(p.finding) for plans in by_file.values() for p in plans}
            run.outcomes = [o for o in run.outcomes
                            if o.status != SKIPPED or _key_in_file(o.finding) not in retried]
        before = {k: v[1] for k, v in run.changed.items()}
        for path, plans in sorted(by_file.items()):
            _fix_file(path, plans, options, run)
        moved = [k for k, v in run.changed.items() if before.get(k) != v[1]]
        if not moved:
            break
        findings = _rescan(moved, run, options, rules)
    return run


def _rescan(shown: list[str], run: FixRun, options: ScanOptions, rules: dict) -> list[Finding]:
    """Findings of the edited files, scanned as edited (each with its rule kind)."""
    out: list[Finding] = []
    edited = overlay(run)
    for name in shown:
        original = run.changed[name][0]
        kinds = {rules[o.finding.rule_id].kind for o in run.outcomes
                 if o.finding.path == name and o.finding.rule_id in rules}
        opts = dataclasses.replace(options, targets=[str(original.path)], overlay=edited,
                                   force_kind=next(iter(kinds)) if len(kinds) == 1 else None,
                                   stdin_text=None, jobs=1)
        out += [f for f in scan(opts).findings if f.path == name]
    return out


def unified_diff(run: FixRun) -> str:
    out: list[str] = []
    for shown, (original, text) in sorted(run.changed.items()):
        out.extend(difflib.unified_diff(original.text.splitlines(keepends=True),
                                        text.splitlines(keepends=True),
                                        f"a/{shown}", f"b/{shown}"))
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n\\ No newline at end of file\n"
    return "".join(out)


def write(run: FixRun) -> list[str]:
    """Write the changed files; returns the ones that could not be written."""
    failed: list[str] = []
    for shown, (original, text) in sorted(run.changed.items()):
        try:
            original.path.write_bytes(original.encode(text))
        except OSError as exc:
            failed.append(f"{shown}: {exc.strerror or exc}")
    return failed


def overlay(run: FixRun) -> dict[str, str]:
    """Absolute path -> fixed text, to scan what the files would be after the fixes."""
    return {str(Path(o.path).resolve()): text for o, text in run.changed.values()}


def listing(run: FixRun) -> str:
    """One line per finding with a fix: what was done, or why not."""
    order = {FIXED: 0, NOT_IN_PLACE: 1, SKIPPED: 2, UNSAFE: 3}
    lines = []
    for o in sorted(run.outcomes, key=lambda o: (order[o.status], o.finding.path, o.finding.line,
                                                  o.finding.rule_id)):
        if o.status == UNSAFE:
            continue
        f = o.finding
        lines.append(f"{o.status}: {f.path}:{f.line} {f.rule_id} {f.resource}: {o.detail}\n")
    return "".join(lines)


def summary(run: FixRun, unsafe: bool, written: bool) -> str:
    fixed = run.count(FIXED)
    files = len(run.changed)
    verb = "fixed" if written else "would fix"
    parts = [f"iacgate fix: {verb} {fixed} finding{'s' if fixed != 1 else ''} in {files} "
             f"file{'s' if files != 1 else ''}"]
    if run.count(NOT_IN_PLACE):
        parts.append(f"{run.count(NOT_IN_PLACE)} not fixed in place (see above)")
    if run.count(SKIPPED):
        parts.append(f"{run.count(SKIPPED)} skipped (the check after the edit failed)")
    if not unsafe and run.count(UNSAFE):
        rules = Counter(o.finding.rule_id for o in run.outcomes if o.status == UNSAFE)
        shown = ", ".join(f"{rule} x{n}" for rule, n in sorted(rules.items(), key=lambda i: (-i[1], i[0]))[:6])
        parts.append(f"{run.count(UNSAFE)} more with unsafe fixes (--unsafe-fixes: {shown}"
                     f"{', ...' if len(rules) > 6 else ''})")
    return "; ".join(parts)

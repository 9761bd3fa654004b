"""The checkov bridge: checkov's checks and a team's own checkov policies, inside the gate.

`iacgate scan --checkov` (or `checkov: {enabled: true}`) runs checkov in-process over the
files the scan covers and adds its failed checks to the findings, where the same gate
applies to them: exceptions register, baseline, diff mode, reports, exit code.

- Native rules win: a rule's YAML lists the checkov checks it covers (`checkov: [...]`);
  a checkov result on a resource where such a rule ran is dropped and counted
  (`covered_natively`).
- checkov's skip comments and annotations are inline waivers when they carry a reason
  (skips.py); one that waives nothing is IAC002.
- A file checkov fails on is an IAC010 finding on that file; the rest goes on.

Only runner.py imports checkov, so this package loads without it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ...engine import ScanResult, display_path, fingerprint
from ...model import Diagnostic, Finding, Location, Waiver
from ...rules import Rule, select_rules
from . import convert, skips
from .settings import CheckovSettings

__all__ = ["CheckovSettings", "unavailable", "apply", "BridgeReport"]


def unavailable() -> str | None:
    """Why checkov cannot run here (not installed, too old), or None. The runner (and the
    logging it sets up) is imported only by a scan that asks for checkov."""
    from .runner import unavailable as why_not

    return why_not()


@dataclass
class BridgeReport:
    """What the bridge did, for the summary and the JSON report."""

    seconds: float = 0.0
    version: str = ""
    results: int = 0  # failed checks checkov reported (after selection)
    kept: int = 0
    covered_natively: int = 0
    waived: int = 0  # kept results waived by a checkov skip with a reason
    errors: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"version": self.version, "seconds": round(self.seconds, 2), "results": self.results,
                "kept": self.kept, "covered_natively": self.covered_natively,
                "waived": self.waived, "errors": self.errors}


def apply(result: ScanResult, settings: CheckovSettings, select: list[str], ignore: list[str],
          var_files: list[str] = (), targets: list[str] = ()) -> BridgeReport:
    """Run checkov over the scanned files and merge its results into `result`."""
    from .runner import run

    files: dict[str, list[str]] = defaultdict(list)
    kinds = result.kinds
    for path in result.files:
        if not path.startswith("<") and kinds.get(path):
            files[kinds[path]].append(str(Path(path).resolve()))
    raw = run(dict(files), settings.checks, settings.skip_checks, settings.external_checks_dirs,
              [str(Path(f).resolve()) for f in var_files],
              [str(Path(t).resolve()) for t in targets if t != "-" and Path(t).is_dir()])
    report = BridgeReport(seconds=raw.seconds, version=raw.version, log=raw.log)
    for folder in settings.external_checks_dirs:
        if any(Path(folder).glob("*.py")) and not (Path(folder) / "__init__.py").is_file():
            report.warnings.append(Diagnostic(display_path(folder), (
                "checkov loads Python policies only from a folder with an __init__.py: "
                "the ones here are not run")))

    guidelines = {r.check_id: r.guideline for r in raw.records if r.guideline}
    catalog = {cid: convert.rule_for(cid, name, kind, guidelines.get(cid))
               for cid, (name, kind) in raw.checks.items()}
    for rec in raw.records:
        catalog.setdefault(rec.check_id, convert.rule_for(rec.check_id, rec.name, rec.kind, rec.guideline))
    chosen = _chosen(list(catalog.values()), select, ignore)
    natives = {r.id: r for r in result.rules}
    covering = defaultdict(set)  # checkov id -> native rule ids that cover it
    for rule in result.rules:
        for cid in rule.checkov:
            covering[cid].add(rule.id)

    parsed: dict[str, list | None] = {}
    found_skips = _skips(result, kinds, parsed)
    findings: list[Finding] = []
    for rec in raw.records:
        if rec.check_id not in chosen:
            continue
        report.results += 1
        path = display_path(rec.path)
        matching = [s for s in found_skips if s.check_id == rec.check_id and s.covers(path, rec.start, rec.end)]
        for s in matching:
            s.used = True
        if _covered(result, path, rec.start, covering.get(rec.check_id, ())):
            report.covered_natively += 1
            continue
        if path not in parsed:
            parsed[path] = _parse(path, rec.kind, result.sources.get(path))
        f = convert.finding(rec, catalog[rec.check_id], parsed[path])
        with_reason = next((s for s in matching if skips.has_reason(s)), None)
        if with_reason is not None:
            f.waiver = Waiver("inline", with_reason.reason)
            report.waived += 1
        elif matching:
            s = matching[0]
            report.warnings.append(Diagnostic(s.path, (
                f"{s.describe()} has no reason, so the finding at line {f.line} stays: write "
                + (f"'checkov:skip={s.check_id}:<why this is acceptable>'" if s.form == "comment"
                   else f"'{s.check_id}=<why this is acceptable>'")), s.line))
        findings.append(f)
    report.kept = len(findings)
    _native_waivers(result, found_skips, natives, report)
    findings += _unused(found_skips, catalog, chosen, covering, raw.errors, ignore)
    for path, why in raw.errors:
        if "IAC010" in ignore:
            break
        report.errors += 1
        findings.append(_engine_finding("IAC010", display_path(path), why, 1))
    result.findings.extend(findings)
    used_rules = {f.rule_id for f in findings}
    result.rules = list(result.rules) + [catalog[c] for c in sorted(chosen) if c not in natives
                                         or c in used_rules]
    result.findings.sort(key=lambda f: (f.path, f.line, f.location.column, f.rule_id))
    return report


def _chosen(rules: list[Rule], select: list[str], ignore: list[str]) -> set[str]:
    """checkov checks to keep: `select` narrows them only when it names one of them."""
    named = [t for t in select if select_rules(rules, [t], ())]
    return {r.id for r in select_rules(rules, named, ignore)}


def _covered(result: ScanResult, path: str, start: int, rule_ids) -> bool:
    if not rule_ids:
        return False
    return any(rid in rule_ids and first <= start <= last
               for first, last, rid in result.covered.get(path, ()))


def _parse(path: str, kind: str, text: str | None) -> list | None:
    """iacgate's own documents for a file (None when it cannot be read again)."""
    from ...kinds import kind_module

    if text is None:
        return None
    try:
        return kind_module(kind).parse(path, text).documents
    except Exception:  # noqa: BLE001 - locating is best effort; the resource line remains
        return None


def _skips(result: ScanResult, kinds: dict[str, str], parsed: dict) -> list[skips.Skip]:
    found: list[skips.Skip] = []
    for path, text in result.sources.items():
        found += skips.comments(path, text)
        if kinds.get(path) == "kubernetes" and "skip" in text:
            parsed[path] = _parse(path, "kubernetes", text)
            found += skips.annotations(path, parsed[path] or [])
    return found


def _native_waivers(result: ScanResult, found: list[skips.Skip], natives: dict[str, Rule],
                    report: BridgeReport) -> None:
    """A checkov skip (with a reason) also waives the native rules that declare they cover
    its check, on the same resource: a team's existing skips keep working as iacgate's
    rules replace checkov's checks."""
    for f in result.findings:
        rule = natives.get(f.rule_id)
        if rule is None or not rule.checkov or f.waiver is not None or not rule.suppressible:
            continue
        lines = f.scope or (f.line, f.location.end_line)
        for s in found:
            if s.check_id in rule.checkov and s.covers(f.path, lines[0], lines[1]):
                s.used = True
                if skips.has_reason(s):
                    f.waiver = Waiver("inline", f"{s.reason} ({s.describe()})")
                    break


def _unused(found: list[skips.Skip], catalog: dict[str, Rule], chosen: set[str], covering,
            errors: list[tuple[str, str]], ignore: list[str]) -> list[Finding]:
    """IAC002 for each skip that waived nothing (its check ran on a file checkov read)."""
    if "IAC002" in ignore:
        return []
    broken = {display_path(p) for p, _ in errors}
    out: list[Finding] = []
    for s in found:
        if s.used or s.path in broken:
            continue
        if s.check_id not in catalog and s.check_id not in covering:
            message = f"{s.describe()} names {s.check_id!r}, which is no checkov check: it waives nothing"
        elif s.check_id not in chosen and s.check_id not in covering:
            continue  # the check was not run (deselected): nothing to say about its skips
        else:
            message = f"{s.describe()} matches no finding on this resource"
        out.append(_engine_finding("IAC002", s.path, message, s.line, s.column,
                                   f"checkov-skip:{s.line}:{s.check_id}"))
    return out


def _engine_finding(rule_id: str, path: str, message: str, line: int, column: int = 1,
                    attr: str = "") -> Finding:
    from ...diagnostics import ENGINE_RULES

    rule = ENGINE_RULES[rule_id]
    loc = Location(path, max(1, line), max(1, column), max(1, line), max(1, column))
    return Finding(rule.id, rule.name, rule.severity, rule.confidence, message, rule.remediation,
                   loc, "", attr or message, fingerprint(rule.id, path, "", attr or message),
                   tags=rule.tags, scope=(loc.line, loc.line))

"""Governance: how the gate decides (inline suppressions, exceptions, baseline, diff).

`apply(result, policy)` runs after the engine, in this order: inline suppressions, the
exceptions register, the baseline, then the diff filter. Waived findings stay in the
result with their `Waiver`; only the diff filter removes findings (they are out of scope).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import ENGINE_RULES
from ..engine import fingerprint
from ..model import Diagnostic, Finding, Location, Severity
from ..paths import display_path
from ..rules import Rule, select_rules
from . import baseline as baseline_mod
from . import exceptions as exceptions_mod
from . import suppressions as suppressions_mod
from .validate import SettingsError

__all__ = ["Policy", "Outcome", "apply", "SettingsError"]

EXPIRY_NOTICE_DAYS = 14  # warn the owner this long before an exception stops waiving


@dataclass
class Policy:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=lambda: ["."])
    rule_dirs: list[str] = field(default_factory=list)  # extra rule packs
    exceptions_file: Path | None = None
    baseline_file: Path | None = None
    diff_base: str | None = None
    today: datetime.date | None = None
    exceptions_max_days: int = exceptions_mod.DEFAULT_MAX_DAYS


@dataclass
class Outcome:
    """What governance did, for reports and the stderr summary."""

    warnings: list[Diagnostic] = field(default_factory=list)
    suppressions: int = 0
    exceptions_file: str | None = None
    expired: list[dict] = field(default_factory=list)
    unused_exceptions: list[dict] = field(default_factory=list)
    baseline_file: str | None = None
    stale: list[dict] = field(default_factory=list)
    diff_base: str | None = None
    out_of_diff: int = 0


def _finding(rule_id: str, path: str, line: int, column: int, message: str, attr: str) -> Finding:
    rule = ENGINE_RULES[rule_id]
    loc = Location(path, max(1, line), max(1, column), max(1, line), max(1, column))
    return Finding(rule.id, rule.name, rule.severity, rule.confidence, message, rule.remediation,
                   loc, "", attr, fingerprint(rule.id, path, "", attr), tags=rule.tags,
                   scope=(loc.line, loc.line))


WAIVER_RULES = ("IAC002", "IAC004", "IAC005")  # about waivers: only `ignore` turns them off


def _engine_selected(policy: Policy) -> set[str]:
    """Engine rules in effect. `select` narrows the rules a scan runs, but the findings
    about waivers (unused, expired) concern exactly those rules, so only `ignore` drops them."""
    engine = list(ENGINE_RULES.values())
    chosen = {r.id for r in select_rules(engine, policy.select, policy.ignore)}
    kept = {r.id for r in select_rules([r for r in engine if r.id in WAIVER_RULES], (), policy.ignore)}
    return chosen | kept


class _RuleIndex:
    """Which rules exist, which ran, and which the user deselected."""

    def __init__(self, ran: list[Rule], policy: Policy) -> None:
        self.policy = policy
        self.ran = {r.id: r for r in ran}
        self.ran.update({r.id: r for r in ENGINE_RULES.values()
                         if r.id in _engine_selected(policy)})
        self.by_name = {r.name: r.id for r in self.ran.values()}
        self._all: dict[str, Rule] | None = None

    def resolve(self, token: str) -> str | None:
        if token.upper() in self.ran:
            return token.upper()
        if token in self.by_name:
            return self.by_name[token]
        rule = self._every().get(token.upper()) or next(
            (r for r in self._every().values() if r.name == token), None)
        return rule.id if rule else None

    def ran_or_applies(self, rule_id: str) -> bool:
        """True when the rule ran, or was not deselected (its kind was simply absent)."""
        if rule_id in self.ran:
            return True
        rule = self._every().get(rule_id)
        return rule is not None and bool(select_rules([rule], self.policy.select, self.policy.ignore))

    def _every(self) -> dict[str, Rule]:
        if self._all is None:
            from ..rules import load_rules

            try:
                every = load_rules([Path(d) for d in self.policy.rule_dirs], validate_extra=False)
            except Exception:  # noqa: BLE001 - a broken pack was already reported by the scan
                every = []
            self._all = {r.id: r for r in every} | dict(ENGINE_RULES) | self.ran
        return self._all


def _inline(result, index: _RuleIndex, outcome: Outcome, selected: set[str]) -> list[Finding]:
    suppressible = {r.id: r.suppressible for r in index.ran.values()}
    warnings: list[tuple[str, int, str]] = []
    broken = {f.path for f in result.findings if f.rule_id == "IAC001"}
    sources = {p: t for p, t in result.sources.items() if p not in broken}
    found = suppressions_mod.apply(result.findings, sources, suppressible, warnings)
    outcome.suppressions = len(found)
    outcome.warnings += [Diagnostic(p, m, line) for p, line, m in warnings]
    undecided = {(u.location.path, u.location.line, u.rule_id) for u in result.unknowns}
    extra: list[Finding] = []
    for s in found:
        if not s.rules:
            outcome.warnings.append(Diagnostic(s.path, "iacgate:ignore names no rule "
                                               "(write 'iacgate:ignore RULE reason')", s.line))
            continue
        for token in s.rules:
            if token in s.used:
                continue
            rule_id = index.resolve(token)
            if any((s.path, line, rule_id) in undecided for line in (s.line, s.target)):
                continue  # the rule could not decide there (unknown value): not unused
            if rule_id is None and exceptions_mod.is_bridged(token):
                continue  # a checkov check, and the checkov bridge did not run it
            if rule_id is None:
                message = f"iacgate:ignore names {token!r}, which is no rule: it waives nothing"
            elif rule_id not in index.ran and not index.ran_or_applies(rule_id):
                continue  # the rule was deselected: nothing to say about its suppressions
            else:
                message = f"suppression of {rule_id} matches no finding on line {s.target}"
            if "IAC002" in selected:
                extra.append(_finding("IAC002", s.path, s.line, s.column, message,
                                      f"suppression:{s.target}:{token}"))
    return extra


def _annotations(result, index: _RuleIndex, outcome: Outcome, selected: set[str]) -> list[Finding]:
    """Waivers written in the data (Kubernetes annotations) that no finding of their rule
    on their resource used: reported like unused inline comments (IAC002)."""
    used = {(f.rule_id, f.resource, f.path) for f in result.findings}
    used |= {(u.rule_id, u.resource, u.location.path) for u in result.unknowns}
    extra: list[Finding] = []
    for d in getattr(result, "declared_waivers", ()):
        path = display_path(d.path)
        rule_id = index.resolve(d.rule)
        rule = index.ran.get(rule_id) if rule_id else None
        if rule is not None and not rule.suppressible and (rule_id, d.resource, path) in used:
            outcome.warnings.append(Diagnostic(path, (
                f"{rule_id} cannot be waived by annotation (suppressible: false); add it to "
                "the exceptions register with an owner and an expiry date"), d.line))
        if "IAC002" not in selected:
            continue
        if rule_id is None:
            message = f"annotation waiver names {d.rule!r}, which is no rule: it waives nothing"
        elif (rule_id, d.resource, path) in used:
            continue
        elif rule_id not in index.ran and not index.ran_or_applies(rule_id):
            continue  # the rule was deselected: nothing to say about its waivers
        else:
            message = f"annotation waiver of {rule_id} matches no finding on {d.resource}"
        extra.append(_finding("IAC002", path, d.line, d.column, message,
                              f"annotation:{d.resource}:{d.rule}"))
    return extra


def _register(result, policy: Policy, index: _RuleIndex, outcome: Outcome,
              selected: set[str], on: datetime.date) -> list[Finding]:
    path = policy.exceptions_file
    if path is None or not path.is_file():
        return []
    display = display_path(path)
    register = exceptions_mod.load(path, display)
    exceptions_mod.check(register, lambda token: index.resolve(token) is not None, on,
                         policy.exceptions_max_days)
    outcome.exceptions_file = display
    expired = exceptions_mod.apply(register, result.findings, on)
    for e in register.entries:
        days = (e.expires - on).days
        if e.matched and 0 <= days <= EXPIRY_NOTICE_DAYS:
            outcome.warnings.append(Diagnostic(display, (
                f"exception for {e.describe()} expires in {days} day(s), on "
                f"{e.expires.isoformat()}: fix the finding or renew it"), e.line))
    extra: list[Finding] = []
    for e in expired:
        rule_id = index.resolve(e.rule)
        if (rule_id is not None and rule_id not in index.ran) or (
                rule_id is None and exceptions_mod.is_bridged(e.rule)):
            continue  # about a rule this scan did not run
        outcome.expired.append({"rule": e.rule, "path": e.path, "resource": e.resource,
                                "owner": e.owner, "expires": e.expires.isoformat(),
                                "ticket": e.ticket, "line": e.line, "findings": len(e.matched)})
        message = (f"exception for {e.describe()} expired on {e.expires.isoformat()}; "
                   f"it no longer waives {len(e.matched)} finding(s)")
        outcome.warnings.append(Diagnostic(display, message, e.line))
        if "IAC004" in selected:
            extra.append(_finding("IAC004", display, e.line, 1, message,
                                  f"exception:{e.rule}:{e.path}:{e.resource or ''}"))
    root = register.root
    scanned = {exceptions_mod.relative_to(root, p) for p in result.files}
    on_disk: list[str] | None = None
    for e in register.entries:
        if e.matched or e.expires < on:
            continue
        rule_id = index.resolve(e.rule)
        if (rule_id is not None and rule_id not in index.ran) or (
                rule_id is None and exceptions_mod.is_bridged(e.rule)):
            continue  # its rule did not run (deselected, no file of its kind, no --checkov)
        if any(_unknown_matches(e, u, root, index) for u in result.unknowns):
            continue  # the rule could not decide there (unknown value): not unused
        if on_disk is None:
            on_disk = exceptions_mod.files_under(root)
        if not exceptions_mod.fully_scanned(e, on_disk, scanned):
            continue  # some of its files were not part of this scan
        what = "no rule by that name" if rule_id is None else "no finding"
        message = f"exception for {e.describe()} matches {what}: remove it from the register"
        outcome.unused_exceptions.append({"rule": e.rule, "path": e.path, "resource": e.resource,
                                          "owner": e.owner, "line": e.line})
        if "IAC005" in selected:
            extra.append(_finding("IAC005", display, e.line, 1, message,
                                  f"exception:{e.rule}:{e.path}:{e.resource or ''}"))
    if extra:
        result.sources.setdefault(display, path.read_text(encoding="utf-8-sig"))
    return extra


def _unknown_matches(entry, unresolved, root: Path, index: _RuleIndex) -> bool:
    """Would `entry` match where its rule met an unknown value? (then it is not unused)"""
    rule = index.ran.get(unresolved.rule_id)
    probe = Finding(unresolved.rule_id, rule.name if rule else "", Severity.INFO, "", "", "",
                    unresolved.location, unresolved.resource, "")
    return exceptions_mod.matches(entry, probe, exceptions_mod.relative_to(root, probe.path))


def apply(result, policy: Policy) -> Outcome:
    """Waive, report unused/expired waivers, apply the baseline and the diff filter."""
    outcome = Outcome()
    on = policy.today or exceptions_mod.today()
    selected = _engine_selected(policy)
    index = _RuleIndex(result.rules, policy)
    result.findings.extend(_inline(result, index, outcome, selected))
    result.findings.extend(_annotations(result, index, outcome, selected))
    result.findings.extend(_register(result, policy, index, outcome, selected, on))
    if policy.baseline_file is not None:
        entries = baseline_mod.load(policy.baseline_file, display_path(policy.baseline_file))
        outcome.baseline_file = display_path(policy.baseline_file)
        stale = baseline_mod.apply(entries, result.findings, policy.baseline_file, result.files,
                                   set(index.ran))
        outcome.stale = [{"rule": e.rule, "path": e.path, "resource": e.resource, "attr": e.attr,
                          "line": e.line} for e in stale]
    if policy.diff_base:
        from . import diff

        changed = diff.changes_in(policy.diff_base, policy.targets)
        before = len(result.findings)
        result.findings = diff.filter_findings(result.findings, changed)
        outcome.diff_base = policy.diff_base
        outcome.out_of_diff = before - len(result.findings)
    result.findings.sort(key=lambda f: (f.path, f.line, f.location.column, f.rule_id))
    result.notes.extend(outcome.warnings)
    result.governance = outcome
    return outcome

"""Joining the JSON reports of a sharded scan (`iacgate scan --shard K/N`) into one result.

Each shard scanned whole units (Terraform modules, pipelines, repositories), so a finding
belongs to exactly one shard. What is about the exceptions register is decided where it
can be: an expired exception is reported by every shard (kept once), and an exception is
called unused only by a shard that scanned every file it covers with its rule, which no
other shard then saw (so the union is the scan's answer). The merged result has the same
findings, summary and gate decision as the unsharded scan, and renders in every format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .model import Finding, Location, Severity, Waiver

REGISTER_RULES = ("IAC004", "IAC005")  # about the register, not a file: may come from several shards


class MergeError(ValueError):
    """Reports that cannot be joined (not shard reports, a shard missing or repeated, ...)."""


class _DiskSources(dict):
    """Texts of the reported files, read from the checkout on first use (code frames)."""

    def get(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            try:
                self[key] = Path(key).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError, ValueError):
                self[key] = None
        value = super().get(key)
        return default if value is None else value

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value


@dataclass
class MergedResult:
    findings: list[Finding]
    rules: list[Any]
    files: list[str]
    sources: dict
    skipped: list = field(default_factory=list)
    unknowns: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    governance: Any = None
    declared_waivers: list = field(default_factory=list)
    bridges: dict = field(default_factory=dict)
    shard: None = None


def _finding(d: dict) -> Finding:
    waiver = d.get("waiver")
    loc = Location(d["path"], int(d["line"]), int(d.get("column") or 1),
                   int(d.get("end_line") or d["line"]), int(d.get("end_column") or 1))
    return Finding(
        d["rule_id"], d.get("rule_name", ""), Severity.parse(d["severity"]), d.get("confidence", "high"),
        d.get("message", ""), d.get("remediation", ""), loc, d.get("resource", ""), "",
        d.get("fingerprint", ""),
        Waiver(waiver["kind"], waiver.get("reason", ""), waiver.get("owner"), waiver.get("expires"))
        if waiver else None,
        unknown=bool(d.get("unknown")))


def _load(path: str) -> dict:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise MergeError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        raise MergeError(f"{path}: not a JSON report ({exc})") from None
    if not isinstance(doc, dict) or doc.get("version") != 1 or not isinstance(doc.get("findings"), list):
        raise MergeError(f"{path}: not an iacgate JSON report (version 1)")
    if not isinstance(doc.get("shard"), dict):
        raise MergeError(f"{path}: not a shard report (scan with --shard K/N --format json)")
    return doc


def _key(d: dict) -> tuple:
    return (d.get("rule_id"), d.get("fingerprint"), d.get("path"), d.get("line"))


def merge(paths: list[str], rule_dirs: list[str] | None = None) -> tuple[MergedResult, Severity]:
    """The merged result and the gate threshold the shards were scanned with."""
    docs = [(p, _load(p)) for p in paths]
    counts = {d["shard"].get("count") for _, d in docs}
    if len(counts) != 1:
        raise MergeError("the reports come from splits into different numbers of shards: "
                         + ", ".join(f"{p} ({d['shard'].get('index')}/{d['shard'].get('count')})"
                                     for p, d in docs))
    count = counts.pop()
    seen: dict[int, str] = {}
    for path, doc in docs:
        index = doc["shard"].get("index")
        if index in seen:
            raise MergeError(f"shard {index}/{count} given twice: {seen[index]} and {path}")
        seen[index] = path
    missing = sorted(set(range(1, count + 1)) - set(seen))
    if missing:
        raise MergeError(f"shards missing: {', '.join(f'{i}/{count}' for i in missing)}")
    thresholds = {d.get("summary", {}).get("fail_on") for _, d in docs}
    if len(thresholds) != 1:
        raise MergeError(f"the shards were scanned with different --fail-on: {sorted(map(str, thresholds))}")
    fail_on = Severity.parse(thresholds.pop() or "high")

    kept: list[dict] = []
    register: set[tuple] = set()
    files: list[str] = []
    rule_ids: set[str] = set()
    for _, doc in docs:
        files += doc["shard"].get("files") or []
        rule_ids.update(doc["shard"].get("rules") or [])
        for d in doc["findings"]:
            if d.get("rule_id") in REGISTER_RULES:
                if _key(d) in register:
                    continue
                register.add(_key(d))
            kept.append(d)
    merged = sorted((_finding(d) for d in kept),
                    key=lambda f: (f.path, f.line, f.location.column, f.rule_id))
    result = MergedResult(merged, _rules(rule_ids, merged, rule_dirs or []), sorted(set(files)),
                          _DiskSources(), governance=_governance([d for _, d in docs]))
    result.notes = [SimpleNamespace(path=n.get("path", ""), line=n.get("line", 0), message=n.get("message", ""))
                    for _, d in docs for n in d.get("notes") or []]
    return result, fail_on


def _governance(docs: list[dict]) -> Any:
    blocks = [d["governance"] for d in docs if isinstance(d.get("governance"), dict)]
    if not blocks:
        return None

    def union(name: str) -> list[dict]:
        items = {json.dumps(x, sort_keys=True) for b in blocks for x in b.get(name) or []}
        return [json.loads(x) for x in sorted(items)]

    first = blocks[0]
    return SimpleNamespace(
        warnings=[], suppressions=0, exceptions_file=first.get("exceptions_file"),
        expired=union("expired_exceptions"), unused_exceptions=union("unused_exceptions"),
        baseline_file=first.get("baseline_file"), stale=union("stale_baseline_entries"),
        diff_base=first.get("diff_base"), out_of_diff=sum(int(b.get("outside_diff") or 0) for b in blocks))


def _rules(ids: set[str], findings: list[Finding], rule_dirs: list[str]) -> list[Any]:
    """The rules the shards ran, from the packs here; a rule of a pack not given to merge
    is described by what its findings say."""
    from .diagnostics import ENGINE_RULES
    from .rules import load_rules

    known = {r.id: r for r in load_rules([Path(d) for d in rule_dirs])}
    known.update(ENGINE_RULES)
    out = []
    for rule_id in sorted(ids):
        rule = known.get(rule_id)
        if rule is None:
            sample = next((f for f in findings if f.rule_id == rule_id), None)
            rule = SimpleNamespace(
                id=rule_id, name=sample.rule_name if sample else rule_id.lower(),
                title=sample.rule_name if sample else rule_id, severity=sample.severity if sample else Severity.MEDIUM,
                confidence=sample.confidence if sample else "medium", rationale="",
                remediation=sample.remediation if sample else "", references=(), tags=(), kind="",
                pack="", checkov=())
        out.append(rule)
    return out

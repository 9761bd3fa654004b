"""Baseline: today's findings written down, so that later scans fail only on new ones.

Entries are matched on (rule, file relative to the baseline's folder, resource, attribute
path), never on line numbers, so inserting lines elsewhere does not make an old finding
look new. Each entry keeps its line for the humans who read the file. Entries that no
longer match anything are stale: the finding was fixed and the entry can go.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..engine import fingerprint
from ..model import Finding, Waiver
from .exceptions import relative_to
from .validate import SettingsError

VERSION = 1


@dataclass(frozen=True)
class Entry:
    rule: str
    path: str
    resource: str
    attr: str
    line: int = 0
    fingerprint: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.rule, self.path, self.resource, self.attr)


def _key(finding: Finding, root: Path) -> tuple[str, str, str, str]:
    rel = relative_to(root, finding.path) or finding.path
    return (finding.rule_id, rel, finding.resource, finding.attr)


def recordable(finding: Finding) -> bool:
    """Active findings; a file that cannot be parsed (IAC001) is never baselined."""
    return finding.waiver is None and finding.rule_id != "IAC001"


def create(findings: list[Finding], output: Path, tool_version: str) -> dict:
    """The baseline document for `findings`, with paths relative to the output's folder."""
    root = output.resolve().parent
    entries = []
    for f in findings:
        if not recordable(f):
            continue
        rule, rel, resource, attr = _key(f, root)
        entries.append({"rule": rule, "path": rel, "resource": resource, "attr": attr,
                        "line": f.line, "severity": str(f.severity),
                        "fingerprint": fingerprint(rule, rel, resource, attr), "message": f.message})
    entries.sort(key=lambda e: (e["path"], e["line"], e["rule"]))
    return {"version": VERSION, "tool": {"name": "iacgate", "version": tool_version},
            "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "findings": entries}


def load(path: Path, display: str) -> list[Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(display, 0, "", f"cannot read baseline: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise SettingsError(display, exc.lineno, "", f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise SettingsError(display, 0, "", "invalid baseline: nesting too deep to read") from None
    except ValueError as exc:  # not UTF-8, an integer too long to read
        raise SettingsError(display, 0, "", f"invalid baseline: {str(exc)[:200]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise SettingsError(display, 1, "findings", "not an iacgate baseline "
                            "(create one with `iacgate baseline create --output FILE`)")
    if data.get("version") != VERSION:
        raise SettingsError(display, 1, "version", f"unsupported baseline version {data.get('version')!r}")
    entries = []
    for i, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("rule", "path")):
            raise SettingsError(display, 0, f"findings.{i}", "needs 'rule' and 'path' strings")
        entries.append(Entry(item["rule"], item["path"], str(item.get("resource") or ""),
                             str(item.get("attr") or ""), int(item.get("line") or 0),
                             str(item.get("fingerprint") or "")))
    return entries


def apply(entries: list[Entry], findings: list[Finding], baseline_file: Path,
          scanned: list[str], ran: set[str] | None = None) -> list[Entry]:
    """Waive findings recorded in the baseline; return the stale entries.

    An entry is stale when no finding matches it, its rule ran (`ran`, when given) and its
    file was scanned (or no longer exists); entries for files or rules outside this scan
    are left alone."""
    root = baseline_file.resolve().parent
    remaining = Counter(e.key for e in entries)
    for f in findings:
        if not recordable(f):
            continue
        k = _key(f, root)
        if remaining[k] > 0:
            remaining[k] -= 1
            f.waiver = Waiver("baseline", "recorded in the baseline " + baseline_file.name)
    scanned_rel = {relative_to(root, p) for p in scanned}
    stale: list[Entry] = []
    for e in entries:
        if ran is not None and e.rule not in ran:
            continue
        if remaining[e.key] > 0 and (e.path in scanned_rel or not (root / e.path).exists()):
            remaining[e.key] -= 1
            stale.append(e)
    return stale

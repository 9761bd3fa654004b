"""The exceptions register `.iacgate-exceptions.yaml`: accountable, expiring waivers.

Each entry names a rule, a path glob (relative to the register's folder), optionally a
resource, and a reason, owner and expiry date. A live entry waives the findings it
matches; an expired one waives nothing and is itself reported (IAC004) with its owner, so
the promise to fix cannot quietly lapse. An entry that matches nothing is reported (IAC005).
"""

from __future__ import annotations

import datetime
import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Finding, Waiver
from .validate import SettingsError, load_yaml, validate

DEFAULT_NAME = ".iacgate-exceptions.yaml"


@dataclass
class Exception_:
    rule: str
    path: str
    reason: str
    owner: str
    expires: datetime.date
    resource: str | None = None
    ticket: str | None = None
    line: int = 0
    key_lines: dict[str, int] = field(default_factory=dict)  # where `rule`, `expires`... are
    matched: list[Finding] = field(default_factory=list)

    def describe(self) -> str:
        where = self.path + (f" {self.resource}" if self.resource else "")
        ticket = f", ticket {self.ticket}" if self.ticket else ""
        return f"{self.rule} on {where} (owner {self.owner}{ticket})"


@dataclass
class Register:
    path: Path  # the file
    display: str
    entries: list[Exception_]

    @property
    def root(self) -> Path:
        return self.path.resolve().parent


def today() -> datetime.date:
    """Today, or IACGATE_TODAY=YYYY-MM-DD (reproducible tests and audits)."""
    text = os.environ.get("IACGATE_TODAY")
    if text:
        try:
            return datetime.date.fromisoformat(text.strip())
        except ValueError:
            raise SettingsError("IACGATE_TODAY", 0, "", f"expected YYYY-MM-DD, got {text!r}") from None
    return datetime.date.today()


def load(path: Path, display: str) -> Register:
    """Read and validate the register; errors name the line and the key."""
    data = load_yaml(path, display)
    if data is None:
        return Register(path, display, [])
    validate(data, "exceptions.schema.json", display)
    items = data["exceptions"] if isinstance(data, dict) else data
    entries: list[Exception_] = []
    for index, item in enumerate(items):
        span = items.item_spans[index] if index < len(items.item_spans) else None
        line = span.line if span else 0
        raw = item["expires"]
        try:
            expires = raw if isinstance(raw, datetime.date) else datetime.date.fromisoformat(str(raw))
        except ValueError:
            eline = item.key_spans["expires"].line if "expires" in item.key_spans else line
            raise SettingsError(display, eline, f"[{index}].expires",
                                f"{raw!r} is not a date (YYYY-MM-DD)") from None
        entries.append(Exception_(
            rule=str(item["rule"]), path=str(item["path"]), reason=str(item["reason"]).strip(),
            owner=str(item["owner"]), expires=expires,
            resource=str(item["resource"]) if item.get("resource") is not None else None,
            ticket=str(item["ticket"]) if item.get("ticket") is not None else None, line=line,
            key_lines={k: s.line for k, s in item.key_spans.items() if s is not None}))
    return Register(path, display, entries)


DEFAULT_MAX_DAYS = 365
# Results of the checkov bridge keep checkov's ids (CKV_AWS_20, CKV2_AWS_6): accepted as
# they are, since which checkov checks exist is checkov's to say.
_BRIDGED = re.compile(r"^CKV2?_[A-Z0-9_]+$")


def is_bridged(token: str) -> bool:
    """A checkov id: a rule that exists when the checkov bridge runs (not in this scan if
    it did not resolve), never "no rule"."""
    return bool(_BRIDGED.match(token))


def check(register: Register, known, on: datetime.date, max_days: int = DEFAULT_MAX_DAYS) -> None:
    """Reject what the register must not hold, naming the line: an entry for a rule that
    does not exist (it would waive nothing, silently) and an expiry further away than
    `max_days` from today (a waiver nobody will ever review again). `known(token)` says
    whether a rule id or name exists."""
    for index, e in enumerate(register.entries):
        if not known(e.rule) and not _BRIDGED.match(e.rule):
            raise SettingsError(register.display, e.key_lines.get("rule", e.line), f"[{index}].rule",
                                f"no rule named {e.rule!r} (see `iacgate rules list`)")
        limit = on + datetime.timedelta(days=max_days)
        if e.expires > limit:
            raise SettingsError(
                register.display, e.key_lines.get("expires", e.line), f"[{index}].expires",
                f"{e.expires.isoformat()} is more than {max_days} days after today "
                f"({on.isoformat()}); the latest allowed is {limit.isoformat()} "
                f"(`exceptions_max_days` in .iacgate.yaml sets the maximum)")


def _glob(pattern: str) -> re.Pattern:
    """`**` crosses folders, `*` and `?` stay inside one; a trailing `/` means everything below."""
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    if pattern.endswith("/"):
        pattern += "**"
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def relative_to(root: Path, display_path: str) -> str | None:
    """A finding's path as seen from `root` (None for paths outside it or standard input)."""
    if display_path.startswith("<"):
        return display_path
    try:
        rel = os.path.relpath(os.path.abspath(display_path), root)
    except ValueError:
        return None
    rel = rel.replace(os.sep, "/")
    return None if rel.startswith("../") else rel


def matches(entry: Exception_, finding: Finding, rel_path: str | None) -> bool:
    if entry.rule.upper() != finding.rule_id and entry.rule != finding.rule_name:
        return False
    if rel_path is None or not _glob(entry.path).match(rel_path):
        return False
    if entry.resource is None:
        return True
    return fnmatch.fnmatchcase(finding.resource, entry.resource)


def apply(register: Register, findings: list[Finding], on: datetime.date) -> list[Exception_]:
    """Waive what live entries match; return the expired entries that matched something."""
    root = register.root
    for f in findings:
        if f.waiver is not None and f.waiver.kind != "inline":
            continue
        rel = relative_to(root, f.path)
        for entry in register.entries:
            if not matches(entry, f, rel):
                continue
            entry.matched.append(f)
            if entry.expires >= on and f.waiver is None:
                f.waiver = Waiver("exception", entry.reason, entry.owner, entry.expires.isoformat())
    return [e for e in register.entries if e.expires < on]


def files_under(root: Path) -> list[str]:
    """Every file below `root` (relative, `/`-separated), skipping folders never scanned."""
    from ..discovery import SKIP_DIRS

    out: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        out.extend(prefix + n for n in names)
    return out


def fully_scanned(entry: Exception_, on_disk: list[str], scanned: set[str]) -> bool:
    """True when every existing file the entry's glob names was part of this scan, so
    that "matched no finding" is certain (a partial scan, such as a pre-commit run over a
    few staged files, must not call an exception for the other files unused)."""
    pattern = _glob(entry.path)
    return all(p in scanned for p in on_disk if pattern.match(p))


def listing(register: Register, on: datetime.date, fmt: str = "text") -> str:
    """The register as a table (or JSON) with each entry's status on date `on`."""
    import json

    rows = []
    for e in register.entries:
        days = (e.expires - on).days
        status = ("expired" if days < 0 else "expires today" if days == 0
                  else f"expires in {days} day(s)")
        rows.append({"line": e.line, "rule": e.rule, "path": e.path, "resource": e.resource,
                     "owner": e.owner, "expires": e.expires.isoformat(), "ticket": e.ticket,
                     "reason": e.reason, "expired": days < 0, "status": status})
    if fmt == "json":
        return json.dumps({"register": register.display, "today": on.isoformat(),
                           "exceptions": rows}, indent=2) + "\n"
    out = []
    for r in rows:
        where = r["path"] + (f" {r['resource']}" if r["resource"] else "")
        ticket = f"  {r['ticket']}" if r["ticket"] else ""
        flag = "EXPIRED " if r["expired"] else ""
        out.append(f"{register.display}:{r['line']}  {r['rule']}  {where}  owner {r['owner']}  "
                   f"{flag}{r['expires']} ({r['status']}){ticket}\n    {r['reason']}")
    expired = sum(1 for r in rows if r["expired"])
    out.append(f"{len(rows)} exception(s), {expired} expired (today is {on.isoformat()})")
    return "\n".join(out) + "\n"

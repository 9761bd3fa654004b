"""An offline database of advisories for GitHub Actions (the "GitHub Actions" ecosystem of
the GitHub Advisory Database), and how a `uses:` ref is judged against it.

The database is a JSON file shipped with the rule pack and never fetched at run time:

    {"date": "YYYY-MM-DD", "source": "...", "advisories": [
        {"id": "GHSA-...", "aliases": [...], "package": "owner/repo[/path]",
         "summary": "...", "published": "...", "severity": "high",
         "ranges": [{"introduced": "0", "fixed": "41"} | {"introduced": "0", "last_affected": "1.0.5"}],
         "fixed_shas": {"41.0.0": "<sha>"}, "affected_shas": {"v40": "<sha>"},
         "malicious_shas": ["<sha>"]}]}

`from_osv` turns an OSV export (what osv.dev publishes per ecosystem, or the OSV files of
github/advisory-database) into that shape, so the data can be refreshed with
`iacgate advisories import EXPORT`.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ECOSYSTEM = "GitHub Actions"
_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+.]?[0-9A-Za-z.-]*)?$")
_LATEST = 10**9  # a part a floating tag leaves out follows the newest release of its line


def version_key(text: str, floating: bool = False) -> tuple[int, int, int] | None:
    """(major, minor, patch) of `v4`, `4.1`, `v4.1.2`, `0.0.17-alpha`; None for a branch.
    With `floating`, parts left out are the newest of their line (`v4` -> 4.inf.inf), as a
    major tag follows its newest release; in advisory ranges they are zero (`41` -> 41.0.0)."""
    m = _VERSION.match(text.strip())
    if not m:
        return None
    fill = _LATEST if floating else 0
    return tuple(fill if x is None else int(x) for x in m.groups())  # type: ignore[return-value]


@dataclass(frozen=True)
class Advisory:
    id: str
    package: str
    summary: str
    ranges: tuple[dict, ...]
    aliases: tuple[str, ...] = ()
    severity: str = ""
    published: str = ""
    fixed_shas: dict = field(default_factory=dict)
    affected_shas: dict = field(default_factory=dict)
    malicious_shas: frozenset[str] = frozenset()
    note: str = ""  # what of the entry was verified, when it is less than the advisory

    def affects(self, version: tuple[int, int, int]) -> bool:
        for r in self.ranges:
            low = version_key(str(r.get("introduced", "0"))) or (0, 0, 0)
            if version < low:
                continue
            if "fixed" in r:
                high = version_key(str(r["fixed"]))
                if high is not None and version < high:
                    return True
            elif "last_affected" in r:
                last = version_key(str(r["last_affected"]))
                if last is not None and version <= last:
                    return True
            else:
                return True  # no fix released
        return False

    @property
    def fix(self) -> str:
        """The lowest fixed version, `` when none is released."""
        fixed = [str(r["fixed"]) for r in self.ranges if "fixed" in r]
        return min(fixed, key=lambda v: version_key(v) or (0, 0, 0)) if fixed else ""

    @property
    def name(self) -> str:
        cve = next((a for a in self.aliases if a.startswith("CVE-")), "")
        return f"{self.id} ({cve})" if cve else self.id


@dataclass(frozen=True)
class Database:
    date: str
    source: str
    advisories: tuple[Advisory, ...]

    def for_package(self, slug: str) -> list[Advisory]:
        """Advisories of `owner/repo` or of an action or workflow inside it (`owner/repo/path`)."""
        slug = slug.lower()
        return [a for a in self.advisories if a.package.lower() == slug]


def judge(db: Database, slug: str, ref: str, pinned: bool, comment_version: str | None
          ) -> Iterator[tuple[Advisory, str]]:
    """(advisory, why) for every advisory that a ref falls under. A commit is judged by the
    SHAs the database knows (malicious, affected, fixed), else by the version its trailing
    comment names; a tag by its version (a major tag follows its newest release)."""
    for adv in db.for_package(slug):
        ref_l = ref.lower()
        if pinned:
            if ref_l in adv.malicious_shas:
                yield adv, "a commit named as malicious by"
                continue
            known = {s.lower(): v for v, s in adv.affected_shas.items()}
            if ref_l in known:
                yield adv, f"a commit of the affected release {known[ref_l]} in"
                continue
            if ref_l in {s.lower() for s in adv.fixed_shas.values()}:
                continue
            version = version_key(comment_version, floating=True) if comment_version else None
            if version is not None and adv.affects(version):
                yield adv, f"a commit whose comment names {comment_version}, affected by"
            continue
        version = version_key(ref, floating=True)
        if version is not None and adv.affects(version):
            yield adv, "a version affected by"


def load(path: str | Path) -> Database:
    return _load(_real_path(str(path)))


@lru_cache(maxsize=64)
def _real_path(path: str) -> str:
    """Resolved once per process: every action reference of a scan asks for the database."""
    return str(Path(path).resolve())


@lru_cache(maxsize=8)
def _load(path: str) -> Database:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    advisories = tuple(
        Advisory(id=a["id"], package=a["package"], summary=a.get("summary", ""),
                 ranges=tuple(a.get("ranges") or ()), aliases=tuple(a.get("aliases") or ()),
                 severity=a.get("severity", ""), published=a.get("published", ""),
                 fixed_shas=dict(a.get("fixed_shas") or {}),
                 affected_shas=dict(a.get("affected_shas") or {}),
                 malicious_shas=frozenset(s.lower() for s in a.get("malicious_shas") or ()),
                 note=a.get("note", ""))
        for a in data.get("advisories", []))
    return Database(str(data.get("date", "")), str(data.get("source", "")), advisories)


# --- refreshing from an OSV export -------------------------------------------------------

def osv_records(path: str | Path) -> Iterator[dict]:
    """OSV records of a file (one record or a list), a folder (every *.json below it), or a
    zip archive (osv.dev's `GitHub Actions/all.zip`)."""
    p = Path(path)
    if p.is_dir():
        for f in sorted(p.rglob("*.json")):
            yield from _records(json.loads(f.read_text(encoding="utf-8")))
    elif zipfile.is_zipfile(p):
        with zipfile.ZipFile(p) as z:
            for name in sorted(z.namelist()):
                if name.endswith(".json"):
                    with z.open(name) as fh:
                        yield from _records(json.load(io.TextIOWrapper(fh, encoding="utf-8")))
    else:
        yield from _records(json.loads(p.read_text(encoding="utf-8")))


def _records(data: Any) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _records(item)
    elif isinstance(data, dict) and "id" in data:
        yield data


def from_osv(records: Iterable[dict], previous: Database | None = None) -> list[dict]:
    """Database entries (see the module doc) for the reviewed GitHub Actions advisories of
    OSV records; withdrawn advisories are left out. SHAs an earlier database knew for an
    advisory (OSV carries none for this ecosystem) are kept."""
    old = {(a.id, a.package.lower()): a for a in previous.advisories} if previous else {}
    out: list[dict] = []
    for rec in records:
        if rec.get("withdrawn"):
            continue
        specific = rec.get("database_specific") or {}
        if specific.get("github_reviewed") is False:
            continue
        for affected in rec.get("affected") or []:
            package = affected.get("package") or {}
            if package.get("ecosystem") != ECOSYSTEM or not package.get("name"):
                continue
            ranges = []
            for r in affected.get("ranges") or []:
                if r.get("type") not in (None, "ECOSYSTEM", "SEMVER"):
                    continue
                current: dict = {}
                for event in r.get("events") or []:
                    if "introduced" in event:
                        if current:
                            ranges.append(current)
                        current = {"introduced": str(event["introduced"])}
                    elif "fixed" in event or "last_affected" in event:
                        key = "fixed" if "fixed" in event else "last_affected"
                        current = dict(current or {"introduced": "0"}, **{key: str(event[key])})
                        ranges.append(current)
                        current = {}
                if current:
                    last = (affected.get("database_specific") or {}).get(
                        "last_known_affected_version_range", "")
                    m = re.match(r"^\s*<=\s*(\S+)", str(last))
                    if m:
                        current["last_affected"] = m.group(1)
                    ranges.append(current)
            entry = {"id": rec["id"], "aliases": list(rec.get("aliases") or []),
                     "package": package["name"], "summary": (rec.get("summary") or "").strip(),
                     "published": rec.get("published", ""),
                     "severity": str(specific.get("severity", "")).lower(), "ranges": ranges}
            prev = old.get((rec["id"], package["name"].lower()))
            if prev is not None:
                for key in ("fixed_shas", "affected_shas"):
                    if getattr(prev, key):
                        entry[key] = dict(getattr(prev, key))
                if prev.note:
                    entry["note"] = prev.note
                if prev.malicious_shas:
                    entry["malicious_shas"] = sorted(prev.malicious_shas)
            out.append(entry)
    return sorted(out, key=lambda e: (e["package"].lower(), e["id"]))


def write(path: str | Path, entries: list[dict], date: str, source: str) -> None:
    data = {"date": date, "source": source, "advisories": entries}
    Path(path).write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    _load.cache_clear()


def refresh(export: str | Path, output: str | Path) -> tuple[int, str]:
    """Rewrite the database at `output` from an OSV export: (advisories written, date). The
    date is the newest `modified` stamp of the records, so it says how fresh the data is,
    not when the command ran."""
    records = list(osv_records(export))
    previous = load(output) if Path(output).is_file() else None
    entries = from_osv(records, previous)
    stamps = [str(r.get("modified") or r.get("published") or "")[:10] for r in records]
    date = max((s for s in stamps if s), default="")
    write(output, entries, date, f"OSV export {Path(export).name} (ecosystem {ECOSYSTEM!r}, "
          "GitHub-reviewed advisories)")
    return len(entries), date

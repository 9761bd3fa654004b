"""Coverage tables: which iacgate rule covers each control of a peer's catalogue.

A table is generated from data only, so it cannot drift from the rules:

- `docs/coverage/<name>.yaml` lists the catalogues (checkov check ids, CIS Benchmark
  controls, ...) with their ids and titles, and gives a reason for each control no rule
  covers (`not_covered`);
- each rule's YAML says what it covers: checkov ids in its `checkov:` field, benchmark
  controls as tags (`cis-k8s-1.2.1` for control 1.2.1 with `tag_prefix: cis-k8s-`), or,
  for catalogues neither can name, `rules:` on the control in the data file.

`python -m linter.coverage` rewrites every `docs/coverage/*.md`; `--check` fails (exit 1)
when one is stale. The test suite runs `problems()` and `render()` on each data file.

Large catalogues live apart from the data file: a catalogue may read its controls from
`controls_file` (JSON written from `checkov --list --framework F` by
`python -m linter.coverage --import docs/coverage/data/checkov-F.json < list.txt`), keeping the
controls whose id starts with one of its `id_prefixes`; and `not_covered_files` lists
further files of reasons (one per provider, so that packs can be worked on apart).

Reasons carry a `scope` so the covered share is stated against what a file linter can
check: `gap` (security-relevant and checkable, not yet covered), `runtime` (needs the
running host or cluster: file permissions, live state), `not-security` (reliability or
hygiene, not a security control), `superseded` (the feature was removed from the platform
or the check is a duplicate of another id).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .rules import Rule, load_rules

SCOPES = ("gap", "runtime", "not-security", "superseded")
DOCS = Path(__file__).resolve().parent.parent / "docs" / "coverage"


@dataclass
class Row:
    catalogue: str
    id: str
    title: str
    rules: list[str] = field(default_factory=list)
    scope: str = ""
    reason: str = ""

    @property
    def covered(self) -> bool:
        return bool(self.rules)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("catalogues"), list):
        raise ValueError(f"{path}: expected a mapping with 'catalogues'")
    for cat in data["catalogues"]:
        if cat.get("controls_file"):
            prefixes = tuple(cat.get("id_prefixes") or ())
            listed = json.loads((path.parent / cat["controls_file"]).read_text(encoding="utf-8"))
            cat["controls"] = list(cat.get("controls") or ()) + [
                c for c in listed["checks"] if str(c["id"]).startswith(prefixes)]
    reasons = dict(data.get("not_covered") or {})
    for name in data.get("not_covered_files") or ():
        more = yaml.safe_load((path.parent / name).read_text(encoding="utf-8")) or {}
        if not isinstance(more, dict):
            raise ValueError(f"{path.parent / name}: expected a mapping of control id to reason")
        for key in more:
            if key in reasons:
                raise ValueError(f"{path.parent / name}: {key} has a reason elsewhere too")
        reasons.update(more)
    if reasons:
        data["not_covered"] = reasons
    return data


def _id_key(check_id: str) -> tuple[bool, str, int]:
    """CKV_X_2 before CKV_X_10, and the CKV_ checks before the CKV2_ (graph) checks."""
    prefix, _, number = check_id.rpartition("_")
    return prefix.startswith("CKV2"), prefix, int(number) if number.isdigit() else 0


def parse_checkov_list(text: str) -> list[dict]:
    """Controls from the table `checkov --list --framework F` prints (a row per resource type)."""
    checks: dict[str, dict] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 7 or not cells[2].startswith("CKV"):
            continue
        check = checks.setdefault(cells[2], {"id": cells[2], "title": cells[5], "resources": []})
        if cells[4] and cells[4] not in check["resources"]:
            check["resources"].append(cells[4])
    for check in checks.values():
        check["resources"].sort()
    return sorted(checks.values(), key=lambda c: _id_key(c["id"]))


def write_controls_file(target: Path, checks: list[dict], source: str) -> None:
    """One check a line, so that a refresh of the catalogue reads as a small diff."""
    body = ",\n    ".join(json.dumps(c, ensure_ascii=False) for c in checks)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f'{{\n  "source": {json.dumps(source)},\n  "checks": [\n    {body}\n  ]\n}}\n',
                      encoding="utf-8")


def _rules(data: dict, rules: list[Rule] | None) -> list[Rule]:
    packs = set(data.get("packs") or ())
    everything = rules if rules is not None else load_rules()
    return [r for r in everything if not packs or r.pack in packs]


def rows(data: dict, rules: list[Rule] | None = None) -> list[Row]:
    """One row per control of every catalogue, with its covering rules or its reason."""
    pack_rules = _rules(data, rules)
    reasons = data.get("not_covered") or {}
    out: list[Row] = []
    for cat in data["catalogues"]:
        prefix = cat.get("tag_prefix")
        for control in cat.get("controls") or ():
            cid = str(control["id"])
            covering = [str(r) for r in control.get("rules") or ()]
            for rule in pack_rules:
                if cat.get("match") == "checkov" and cid in rule.checkov:
                    covering.append(rule.id)
                elif prefix and f"{prefix}{cid}" in rule.tags:
                    covering.append(rule.id)
            row = Row(cat["id"], cid, str(control.get("title", "")), sorted(set(covering)))
            reason = reasons.get(f"{cat['id']}:{cid}") or reasons.get(cid)
            if not row.covered and isinstance(reason, dict):
                row.scope, row.reason = str(reason.get("scope", "")), str(reason.get("reason", ""))
            out.append(row)
    return out


def problems(data: dict, rules: list[Rule] | None = None, all_ids: set[str] | None = None) -> list[str]:
    """What makes a table wrong: unknown rule ids, ids a rule claims that no catalogue
    lists, uncovered controls without a reason, reasons for covered or unknown controls."""
    pack_rules = _rules(data, rules)
    known_rules = all_ids if all_ids is not None else {r.id for r in load_rules()}
    out: list[str] = []
    table = rows(data, rules)
    for cat in data["catalogues"]:
        for control in cat.get("controls") or ():
            for rid in control.get("rules") or ():
                if rid not in known_rules:
                    out.append(f"{cat['id']}:{control['id']}: rule {rid} does not exist")
        listed = {str(c["id"]) for c in cat.get("controls") or ()}
        prefix = cat.get("tag_prefix")
        for rule in pack_rules:
            if cat.get("match") == "checkov":
                claimed = tuple(cat.get("id_prefixes") or ())
                out += [f"{rule.id}: checkov id {c} is not in the {cat['id']} catalogue"
                        for c in rule.checkov if c not in listed and c.startswith(claimed)]
            if prefix:
                out += [f"{rule.id}: tag {t} names no control of the {cat['id']} catalogue"
                        for t in rule.tags if t.startswith(prefix) and t[len(prefix):] not in listed]
    for row in table:
        if not row.covered and not row.reason:
            out.append(f"{row.catalogue}:{row.id}: not covered and no reason in not_covered")
        if not row.covered and row.scope not in SCOPES:
            out.append(f"{row.catalogue}:{row.id}: scope {row.scope!r} is not one of {', '.join(SCOPES)}")
    for key in data.get("not_covered") or {}:
        cat_id, _, cid = key.rpartition(":")
        matches = [r for r in table if r.id == cid and (not cat_id or r.catalogue == cat_id)]
        if not matches:
            out.append(f"not_covered: {key} is not a control of any catalogue")
        elif all(r.covered for r in matches):
            out.append(f"not_covered: {key} is covered by {', '.join(matches[0].rules)}")
    return out


def summary(table: list[Row]) -> tuple[int, int, float]:
    """(covered, security-relevant and checkable in files, percentage)."""
    covered = sum(1 for r in table if r.covered)
    relevant = covered + sum(1 for r in table if not r.covered and r.scope == "gap")
    return covered, relevant, (100.0 * covered / relevant if relevant else 100.0)


def render(data: dict, rules: list[Rule] | None = None) -> str:
    table = rows(data, rules)
    title = data.get("title", "Coverage")
    out = [f"# {title} coverage", "",
           f"Generated by `python -m linter.coverage` from `docs/coverage/{data.get('name', '')}.yaml`"
           " and the rules' `checkov:` fields and tags; do not edit by hand.", ""]
    if data.get("intro"):
        out += [str(data["intro"]).strip(), ""]
    out.append("| catalogue | controls | covered | not covered: gap | runtime | not security | superseded "
               "| covered of security-relevant |")
    out.append("|---|---|---|---|---|---|---|---|")
    for cat in data["catalogues"]:
        part = [r for r in table if r.catalogue == cat["id"]]
        out.append(_summary_row(cat["name"], part))
    out.append(_summary_row("**all**", table))
    out += ["", "Security-relevant = covered + `gap` (controls a file linter could check and "
            "iacgate does not yet). `runtime` controls need the running host or cluster "
            "(file permissions, live state), which no file linter sees.", ""]
    for cat in data["catalogues"]:
        out += [f"## {cat['name']}", ""]
        if cat.get("source"):
            out += [f"Source: {cat['source']}", ""]
        out += ["| id | control | iacgate | note |", "|---|---|---|---|"]
        for row in (r for r in table if r.catalogue == cat["id"]):
            rules = ", ".join(row.rules) if row.covered else "not covered"
            note = "" if row.covered else f"{row.scope}: {row.reason}"
            out.append(f"| {row.id} | {_cell(row.title)} | {rules} | {_cell(note)} |")
        out.append("")
    return "\n".join(out)


def _summary_row(name: str, part: list[Row]) -> str:
    covered, relevant, pct = summary(part)
    counts = {s: sum(1 for r in part if not r.covered and r.scope == s) for s in SCOPES}
    return (f"| {name} | {len(part)} | {covered} | {counts['gap']} | {counts['runtime']} "
            f"| {counts['not-security']} | {counts['superseded']} | {covered}/{relevant} ({pct:.0f}%) |")


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def drop_covered(rules: list[Rule]) -> None:
    """Remove the reason lines of checks a rule now covers from the `not_covered_files`."""
    for path in data_files():
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        covered = {r.id for r in rows(load(path), rules) if r.covered}
        for name in raw.get("not_covered_files") or ():
            target = path.parent / name
            lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
            kept = [line for line in lines if line.split(":", 1)[0].strip() not in covered]
            if kept != lines:
                target.write_text("".join(kept), encoding="utf-8")


def data_files(root: Path = DOCS) -> list[Path]:
    return sorted(root.glob("*.yaml"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) >= 2 and args[0] == "--import":
        source = args[2] if len(args) > 2 else "checkov --list"
        write_controls_file(Path(args[1]), parse_checkov_list(sys.stdin.read()), source)
        return 0
    if "--drop-covered" in args:
        drop_covered(load_rules())
        args = [a for a in args if a != "--drop-covered"]
    check = "--check" in args
    rules = load_rules()
    stale = []
    for path in data_files():
        data = load(path)
        data.setdefault("name", path.stem)
        for problem in problems(data, rules):
            print(f"{path.name}: {problem}", file=sys.stderr)
        text = render(data, rules) + "\n"
        target = path.with_suffix(".md")
        if check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(target)
        else:
            target.write_text(text, encoding="utf-8")
    for target in stale:
        print(f"{target} is stale: python -m linter.coverage", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())

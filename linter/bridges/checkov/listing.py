"""`iacgate rules list --checkov`: checkov's checks, and the native rule covering each.

A check that no native rule covers still adds something when the bridge runs; one that a
native rule covers is dropped from bridged results wherever that rule ran. The mapping is
read from the rules' YAML (`checkov: [...]`), never kept here.
"""

from __future__ import annotations

import json
from collections import defaultdict

from ...rules import load_rules, select_rules
from . import convert
from .runner import catalog


def list_checks(fmt: str, select: list[str]) -> str:
    checks = catalog()
    covering: dict[str, list[str]] = defaultdict(list)
    for rule in load_rules([]):
        for cid in rule.checkov:
            covering[cid].append(rule.id)
    rules = [convert.rule_for(cid, name, kind) for cid, (name, kind) in checks.items()]
    rules = select_rules(rules, select, ()) if select else rules
    rows = [{"id": r.id, "severity": str(r.severity), "kind": r.kind, "title": r.title,
             "covered_by": sorted(covering.get(r.id, []))} for r in rules]
    rows.sort(key=lambda row: (row["kind"], _order(row["id"])))
    adding = sum(1 for row in rows if not row["covered_by"])
    if fmt == "json":
        return json.dumps({"checks": rows, "covered": len(rows) - adding, "adding": adding},
                          indent=2) + "\n"
    if fmt == "markdown":
        lines = ["| checkov id | severity | kind | title | covered by |", "|---|---|---|---|---|"]
        lines += [f"| {r['id']} | {r['severity']} | {r['kind']} | {r['title'].replace('|', '/')} | "
                  f"{', '.join(r['covered_by']) or '-'} |" for r in rows]
        return "\n".join(lines) + "\n"
    width = max((len(r["id"]) for r in rows), default=10)
    lines = [f"{r['id']:<{width}}  {r['severity']:<8}  {r['kind']:<14}  "
             f"{('covered by ' + ', '.join(r['covered_by'])) if r['covered_by'] else 'adds':<24}  "
             f"{r['title']}" for r in rows]
    lines.append(f"{len(rows)} checkov checks: {len(rows) - adding} covered by native rules "
                 f"(dropped where those ran), {adding} still add something with --checkov")
    return "\n".join(lines) + "\n"


def _order(check_id: str) -> tuple:
    head, _, number = check_id.rpartition("_")
    return (head, int(number) if number.isdigit() else 0, check_id)

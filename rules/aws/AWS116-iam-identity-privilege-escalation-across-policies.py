"""Privilege escalation that only the union of an identity's policies allows: iam:PassRole
on "*" in one policy, the action that runs code under the passed role in another."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Map, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


def _first(known: list, action: str) -> tuple | None:
    for grant, stmt in known:
        if policies.identity_allows_on_star(stmt) and policies.matches_any(stmt.actions, action) is True:
            return grant, stmt
    return None


def _target(stmt) -> tuple:
    if stmt.key is None and isinstance(stmt.node, Map):
        key = "actions" if "actions" in stmt.node else None
        return stmt.node, key, "statement.actions" if key else "statement"
    return stmt.node, stmt.key, str(stmt.key or "")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if not isinstance(node, dict) or node.get("permissions_boundary") is not None:
        return  # a permissions boundary caps the union: not judged here
    grants = policies.identity_grants(subject)
    if len(grants) < 2:
        return  # one policy alone is judged by AWS048
    known = [(g, s) for g in grants for s in (g.statements or [])]
    if any(policies.identity_allows_on_star(s) and policies.has_star(s.actions) for _g, s in known):
        return  # full administrator rights: AWS013 and AWS104
    if any(policies.denies_on_star(s, "iam:PassRole") for _g, s in known):
        return
    passing = _first(known, "iam:PassRole")
    if passing is None:
        return
    for path in policies.PASS_ROLE_PATHS:
        holders = [_first(known, action) for action in path]
        if any(h is None for h in holders):
            continue
        used = [passing, *holders]
        wheres = list(dict.fromkeys(g.where for g, _s in used))
        if len(wheres) < 2:
            continue  # one policy holds the whole path: AWS048 reports it there
        completing = next(s for g, s in reversed(used) if g.where != passing[0].where)
        values = {"path": ", ".join(("iam:PassRole", *path)), "where": " and ".join(wheres)}
        yield Hit(node, None, attr="", values=values)
        cnode, ckey, cattr = _target(completing)
        yield Hit(cnode, ckey, attr=f"policy:{cattr}", values=values)
        return

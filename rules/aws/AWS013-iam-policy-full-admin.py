"""Policies that allow every action on every resource (full administrator rights)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


def _full_admin(stmt) -> bool | None:
    states = [policies.is_allow(stmt), policies.has_star(stmt.actions), policies.has_star(stmt.resources)]
    if any(s is False for s in states):
        return False
    return None if any(s is None for s in states) else True


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if policies.only_guardrail(subject):
        return  # a permissions boundary or service control policy grants nothing
    for source in policies.policy_sources(subject):
        if source.statements is None:
            yield source.unknown_hit()
            continue
        for stmt in source.statements:
            if stmt.principals is not None or stmt.not_principals is not None:
                continue  # a resource policy statement (bucket, key, endpoint), not a grant to a holder
            state = _full_admin(stmt)
            if state is False:
                continue
            node, key, attr = policies.statement_target(source, stmt, ("actions",))
            yield Hit(node, key, attr=attr, unknown=state is None,
                      values={"value": "statement with unknown parts"})

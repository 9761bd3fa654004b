"""Identity policy statements that allow a whole service ("s3:*") on Resource "*", Action
"*" on named resources, or everything but a few actions (Allow with NotAction) on "*"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown
from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")

SERVICE_WILDCARD = re.compile(r"^[a-z0-9-]+:\*$", re.IGNORECASE)


def _wildcards(stmt, star_resource: bool) -> list[str]:
    found = []
    for action in stmt.actions:
        if is_unknown(action) or not isinstance(action, str):
            continue
        text = action.strip()
        if text in ("*", "*:*"):
            if not star_resource:
                found.append(f'Action "{text}" on named resources')
        elif star_resource and SERVICE_WILDCARD.match(text):
            found.append(text)
    if star_resource and stmt.not_actions:
        found.append("everything but " + ", ".join(str(a) for a in stmt.not_actions if not is_unknown(a))
                     + " (NotAction)")
    return found


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if policies.only_guardrail(subject):
        return  # a permissions boundary or service control policy grants nothing
    for source in policies.policy_sources(subject):
        if source.statements is None:
            continue
        for stmt in source.statements:
            if stmt.principals is not None or stmt.not_principals is not None:
                continue  # a resource or trust policy statement, not a grant to a holder
            if policies.is_allow(stmt) is not True or stmt.not_resources:
                continue
            star = policies.has_star(stmt.resources)
            if star is None:
                continue
            found = _wildcards(stmt, star)
            if not found:
                continue
            node, key, attr = policies.statement_target(source, stmt, ("actions", "not_actions"))
            suffix = ' on Resource "*"' if star and not found[0].startswith("Action") else ""
            yield Hit(node, key, attr=attr, values={"actions": ", ".join(found) + suffix})

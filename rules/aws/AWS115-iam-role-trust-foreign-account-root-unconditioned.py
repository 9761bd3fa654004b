"""Trust policies naming another account's root (every principal of that account) with
no condition that identifies who in it may assume the role."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown
from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")

ACCOUNT_ROOT = re.compile(r"^(?:arn:aws[a-z-]*:iam::(\d{12}):root|(\d{12}))$")
# keys that say which principal of the trusted account may assume the role
IDENTIFYING = {"sts:externalid", "aws:multifactorauthpresent", "aws:multifactorauthage",
               "aws:principalarn", "aws:userid", "aws:username"}


def root_accounts(stmt) -> list[str]:
    """Literal account ids trusted as a whole (an account written through a reference,
    such as the caller's own account, is not judged)."""
    found = []
    for ptype, ids in (stmt.principals or {}).items():
        if is_unknown(ptype) or str(ptype) != "AWS":
            continue
        for ident in ids:
            if is_unknown(ident) or not isinstance(ident, str):
                continue
            match = ACCOUNT_ROOT.match(ident.strip())
            if match:
                found.append(match.group(1) or match.group(2))
    return found


def _identified(stmt) -> bool | None:
    unknown = False
    for op, key, _values in stmt.condition_tests:
        if is_unknown(key) or is_unknown(op):
            unknown = True
        elif str(key).lower() in IDENTIFYING and "not" not in str(op).lower().split(":")[-1]:
            return True
    return None if unknown else False


def _assumes(stmt) -> bool:
    return any(policies.matches_any(stmt.actions, a) is True
               for a in ("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"))


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for source in policies.policy_sources(subject, ("assume_role_policy",)):
        if subject.type == "aws_iam_role" and source.key != "assume_role_policy":
            continue
        for stmt in source.statements or []:
            if policies.is_allow(stmt) is not True or not stmt.principals:
                continue
            if subject.type == "aws_iam_policy_document" and not _assumes(stmt):
                continue
            accounts = root_accounts(stmt)
            if not accounts:
                continue
            identified = _identified(stmt)
            if identified:
                continue
            node, key, attr = policies.statement_target(source, stmt, ("principals",))
            yield Hit(node, key, attr=attr, unknown=identified is None,
                      values={"account": ", ".join(sorted(set(accounts))),
                              "value": "condition with unknown parts"})

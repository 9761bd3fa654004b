"""Policies that let their holder grant itself more permissions (IAM privilege escalation)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown
from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


ESCALATION = ("iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:AttachGroupPolicy",
              "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:PutGroupPolicy",
              "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
              "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup", "iam:CreateAccessKey",
              "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
              "glue:UpdateDevEndpoint", "lambda:UpdateFunctionCode")

PASS_ROLE_PATHS = policies.PASS_ROLE_PATHS


def _escalating(actions: list) -> tuple[list[str], bool]:
    found: list[str] = []
    unknown = False
    for action in actions:
        if is_unknown(action):
            unknown = True
            continue
        text = str(action).strip()
        if text in ("*", "*:*"):
            continue  # full administrator rights: reported by the full-admin rule
        if any(policies.matches_any([text], target) for target in ESCALATION):
            found.append(text)
    return found, unknown


def _grants_on_star(stmt) -> bool:
    """An identity statement that certainly allows its actions on Resource "*"."""
    return (stmt.principals is None and stmt.not_principals is None
            and policies.is_allow(stmt) is True and policies.has_star(stmt.resources) is True)


def _pass_role_paths(statements: list) -> Iterator[tuple[object, str]]:
    """(statement granting iam:PassRole, the actions that complete the path) for each
    PassRole escalation path that the document's statements on "*" allow together."""
    granted = [s for s in statements if _grants_on_star(s)]
    actions = [a for s in granted for a in s.actions
               if not is_unknown(a) and str(a).strip() not in ("*", "*:*")]
    if any(not is_unknown(a) and str(a).strip() in ("*", "*:*") for s in granted for a in s.actions):
        return  # full administrator rights: reported by the full-admin rule
    denied = any(s.principals is None and policies.is_allow(s) is False and policies.has_star(s.resources) is True
                 and policies.matches_any(s.actions, "iam:PassRole") is True for s in statements)
    passing = [] if denied else [s for s in granted if policies.matches_any(s.actions, "iam:PassRole") is True]
    if not passing or _escalating(passing[0].actions)[0]:
        return  # none, or the statement is reported for its single escalating actions
    for path in PASS_ROLE_PATHS:
        if all(policies.matches_any(actions, target) is True for target in path):
            yield passing[0], ", ".join(("iam:PassRole",) + path)
            return


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if policies.only_guardrail(subject):
        return  # a permissions boundary or service control policy grants nothing
    for source in policies.policy_sources(subject):
        if source.statements is None:
            continue
        for stmt, found in _pass_role_paths(source.statements):
            node, key, attr = policies.statement_target(source, stmt, ("actions",))
            yield Hit(node, key, attr=attr, values={"actions": found, "value": found})
        for stmt in source.statements:
            if stmt.principals is not None or stmt.not_principals is not None:
                continue  # a resource policy statement (bucket, key, endpoint), not a grant to a holder
            if policies.is_allow(stmt) is False:
                continue
            found, unknown_actions = _escalating(stmt.actions)
            if not found:
                continue
            star = policies.has_star(stmt.resources)
            if star is False:
                continue
            unknown = policies.is_allow(stmt) is None or star is None
            node, key, attr = policies.statement_target(source, stmt, ("actions",))
            yield Hit(node, key, attr=attr, unknown=unknown,
                      values={"actions": ", ".join(found), "value": "statement with unknown parts"})

"""Policies that let their holder grant itself more permissions (IAM privilege escalation)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling
from linter.terraform.rulekit import is_unknown

lib = load_sibling(__file__, "_aws_lib.py")


ESCALATION = ("iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:AttachGroupPolicy",
              "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:PutGroupPolicy",
              "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
              "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup", "iam:CreateAccessKey",
              "iam:CreateLoginProfile", "iam:UpdateLoginProfile")


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
        if any(lib.matches_any([text], target) for target in ESCALATION):
            found.append(text)
    return found, unknown


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for source in lib.policy_sources(subject):
        if source.statements is None:
            continue
        for stmt in source.statements:
            if stmt.principals is not None or stmt.not_principals is not None:
                continue  # a resource policy statement (bucket, key, endpoint), not a grant to a holder
            if lib.is_allow(stmt) is False:
                continue
            found, unknown_actions = _escalating(stmt.actions)
            if not found:
                continue
            star = lib.has_star(stmt.resources)
            if star is False:
                continue
            unknown = lib.is_allow(stmt) is None or star is None
            node, key, attr = lib.statement_target(source, stmt, ("actions",))
            yield Hit(node, key, attr=attr, unknown=unknown,
                      values={"actions": ", ".join(found), "value": "statement with unknown parts"})

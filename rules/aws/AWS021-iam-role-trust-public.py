"""Role trust policies that let any AWS principal assume the role."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown
from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


def _assume(stmt) -> bool | None:
    unknown = False
    for pattern in ("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"):
        state = policies.matches_any(stmt.actions, pattern)
        if state:
            return True
        unknown = unknown or state is None
    return None if unknown else False


GITHUB_OIDC = "token.actions.githubusercontent.com"


def _any_repository(stmt) -> bool:
    """A `sub` condition whose every value matches any repository ("*", "repo:*",
    "repo:*/*:*"); an unknown value is not judged."""
    values = [v for k, vs in stmt.condition_values.items() if k.endswith(":sub") for v in vs]
    if not values or any(is_unknown(v) or not isinstance(v, str) for v in values):
        return False
    return all(re.fullmatch(r"(repo:)?\*(/\*)?(:\*)?", v.strip()) is not None for v in values)


def _open_federation(stmt) -> str | None:
    """A web identity provider trusted without a condition on who the caller is: for
    GitHub Actions OIDC that means any repository on GitHub."""
    if policies.is_allow(stmt) is not True or not stmt.principals:
        return None
    providers = [str(i) for t, ids in stmt.principals.items() if t == "Federated"
                 for i in ids if not is_unknown(i)]
    if not providers:
        return None
    keys = [str(k).lower() for _op, k in stmt.conditions if not is_unknown(k)]
    if any(is_unknown(k) for _op, k in stmt.conditions):
        return None
    for provider in providers:
        if GITHUB_OIDC in provider and not any(k.endswith(":sub") for k in keys):
            return "any GitHub repository (no condition on token.actions.githubusercontent.com:sub)"
        if GITHUB_OIDC in provider and _any_repository(stmt):
            return "any GitHub repository (token.actions.githubusercontent.com:sub matches every repository)"
        if not keys and not provider.startswith("arn:aws:iam::") and "saml-provider" not in provider:
            return f"any identity of {provider} (no condition)"
        if not keys and ":oidc-provider/" in provider:
            return f"any identity of {provider.split(':oidc-provider/')[-1]} (no condition)"
    return None


# Condition keys that do not narrow who may assume a role trusted to "*": an external id is
# a shared value, not an identity, and any account's user can present MFA.
_NOT_NARROWING = {"aws:securetransport", "sts:externalid", "aws:multifactorauthpresent",
                  "aws:multifactorauthage"}


def _public_trust(stmt) -> bool | None:
    public = policies.grants_public(stmt)
    if public is not False or policies.is_allow(stmt) is not True or policies.public_principal(stmt) is not True:
        return public
    keys = [k for _op, k in stmt.conditions]
    if any(is_unknown(k) for k in keys):
        return None
    return all(str(k).lower() in _NOT_NARROWING for k in keys)


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for source in policies.policy_sources(subject, ("assume_role_policy",)):
        if subject.type == "aws_iam_role" and source.key != "assume_role_policy":
            continue
        if source.statements is None:
            yield source.unknown_hit()
            continue
        for stmt in source.statements:
            assume = _assume(stmt) if subject.type == "aws_iam_policy_document" else True
            if assume is False:
                continue
            node, key, attr = policies.statement_target(source, stmt, ("principals", "actions"))
            federated = _open_federation(stmt)
            if federated:
                yield Hit(node, key, attr=attr, values={"who": federated})
                continue
            public = _public_trust(stmt)
            if public is False:
                continue
            weak = [k for _op, k in stmt.conditions if str(k).lower() != "aws:securetransport"]
            who = ("any AWS account (Principal \"*\", no condition)" if not weak else
                   "any AWS account (Principal \"*\", conditioned only on an external id or MFA)")
            yield Hit(node, key, attr=attr, unknown=None in (public, assume),
                      values={"who": who,
                              "value": "statement with unknown parts"})

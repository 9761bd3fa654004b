"""Identity policies granting secret-reading and credential-minting actions on "*"."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown
from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")

# actions whose result is a secret, a decrypted value or a new credential
SECRET_ACTIONS = (
    "secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue",
    "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
    "kms:Decrypt", "iam:CreateAccessKey", "iam:UpdateAccessKey",
    "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
    "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "ec2:GetPasswordData",
    "redshift:GetClusterCredentials", "rds-db:Connect", "sts:GetFederationToken",
    "lightsail:GetKeyPair", "lightsail:DownloadDefaultKeyPair",
    "cognito-identity:GetCredentialsForIdentity", "codepipeline:PollForJobs",
)


def _found(stmt) -> list[str]:
    out = []
    for action in stmt.actions:
        if is_unknown(action) or not isinstance(action, str):
            continue
        text = action.strip()
        if text in ("*", "*:*") or text.endswith(":*"):
            continue  # whole services: AWS013 and AWS105
        if any(policies.matches_any([text], target) for target in SECRET_ACTIONS):
            out.append(text)
    return out


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if policies.only_guardrail(subject):
        return
    for source in policies.policy_sources(subject):
        for stmt in source.statements or []:
            if stmt.principals is not None or stmt.not_principals is not None:
                continue
            if not policies.identity_allows_on_star(stmt) or stmt.conditions:
                continue
            found = _found(stmt)
            if found:
                node, key, attr = policies.statement_target(source, stmt, ("actions",))
                yield Hit(node, key, attr=attr, values={"actions": ", ".join(found)})

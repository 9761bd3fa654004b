"""S3 bucket policies that grant access to anyone, anonymous callers included."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown, truth
from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")
registry = load_sibling(__file__, "_registry_modules.py")


def _s3_only(stmt) -> bool | None:
    """A policy document data source is a bucket policy when all its actions are S3's."""
    if not stmt.actions:
        return False
    unknown = False
    for action in stmt.actions:
        if is_unknown(action):
            unknown = True
        elif not str(action).lower().startswith("s3:"):
            return False
    return None if unknown else True


def _bucket_policy_document(subject: Subject) -> bool | None:
    """Is a policy document data source used as a bucket policy? True/False when its users
    in the configuration say so, None when nothing in the configuration uses it."""
    users = policies.document_users(subject)
    if not users:
        return None
    return any(user.type in BUCKET_POLICY_TYPES for user, _ in users)


BUCKET_POLICY_TYPES = ("aws_s3_bucket_policy", "aws_s3_bucket")


def _module(subject: Subject) -> Iterator[Hit]:
    """terraform-aws-modules/s3-bucket attaches `policy` when `attach_policy = true`."""
    node = subject.node
    if not registry.registry_module(node, "s3-bucket") or truth(node.get("attach_policy", False)) is not True:
        return
    yield from policies.public_policy_hits(node, "policy", subject.context.get("module"),
                                      subject.context.get("block"))


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.type == "module":
        yield from _module(subject)
        return
    usage = _bucket_policy_document(subject) if subject.type == "aws_iam_policy_document" else True
    if usage is False:
        return  # a VPC endpoint, queue, key or trust policy: other rules judge those
    for source in policies.policy_sources(subject):
        if source.statements is None:
            yield source.unknown_hit()
            continue
        for stmt in source.statements:
            public = policies.grants_public(stmt)
            if public is False:
                continue
            s3 = _s3_only(stmt) if usage is None else True
            if s3 is False:
                continue
            actions = policies.known_actions(stmt)
            node, key, attr = policies.statement_target(source, stmt, ("principals", "actions"))
            yield Hit(node, key, attr=attr, unknown=None in (public, s3),
                      values={"actions": actions, "value": "statement with unknown parts"})

"""Bucket policies that do not deny requests made without TLS."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown
from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


TLS_KEYS = {"aws:securetransport", "s3:tlsversion"}


def _statements(subject: Subject):
    """The policy's statements (None when unknown), following the policy document data
    sources it is made of and the documents those merge."""
    followed = policies.referenced_documents(subject, "policy")
    if followed is not None:
        statements, unknown = followed
        if unknown and not any(_denies_plain_http(s) for s in statements):
            return None
        return statements
    sources = list(policies.policy_sources(subject))
    if not sources:
        return []
    return sources[0].statements


def _denies_plain_http(stmt) -> bool | None:
    if policies.is_allow(stmt) is None:
        return None
    if policies.is_allow(stmt):
        return False
    unknown = False
    for _op, key in stmt.conditions:
        if is_unknown(key):
            unknown = True
        elif str(key).lower() in TLS_KEYS:
            return True
    return None if unknown else False


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if "policy" not in node:
        return
    statements = _statements(subject)
    if statements is None:
        yield Hit(node, "policy", attr="policy", unknown=True, values={"value": str(node["policy"])})
        return
    states = [_denies_plain_http(s) for s in statements]
    if True in states:
        return
    yield Hit(node, "policy", attr="policy", unknown=None in states,
              values={"value": "statement with unknown parts"})

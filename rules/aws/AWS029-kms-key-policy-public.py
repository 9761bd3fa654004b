"""KMS key policies that let anyone use or manage the key."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    followed = policies.referenced_documents(subject, "policy")
    if followed is not None:
        # a key policy written as a policy document data source: judged here, as a key policy
        statements, _ = followed
        for stmt in statements:
            if policies.grants_public(stmt):
                actions = policies.known_actions(stmt)
                yield Hit(subject.node, "policy", attr="policy", values={"actions": actions})
                return
        return
    for source in policies.policy_sources(subject):
        if source.statements is None:
            yield source.unknown_hit()
            continue
        for stmt in source.statements:
            public = policies.grants_public(stmt)
            if public is False:
                continue
            actions = policies.known_actions(stmt)
            yield Hit(source.node, source.key, attr=source.attr, unknown=public is None,
                      values={"actions": actions, "value": "statement with unknown parts"})

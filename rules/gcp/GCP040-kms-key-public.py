"""Public principals in KMS key and key ring IAM members, bindings and policies."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import load_sibling

lib = load_sibling(__file__, "_gcp.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    yield from lib.public_entries(node, "member", "member")
    yield from lib.public_entries(node, "members", "members")
    if "policy_data" in node:
        yield from lib.policy_public_members(node, "policy_data", subject.context.get("module"))

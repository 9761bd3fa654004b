"""Public principals in bucket IAM members, bindings, policies and legacy ACLs."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_PUBLIC_ACLS = {"publicread", "publicreadwrite", "authenticatedread"}


lib = load_sibling(__file__, "_gcp.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    yield from lib.iam_public_hits(subject, "entity", "role_entity")
    acl = node.get("predefined_acl") or node.get("default_acl")
    if isinstance(acl, str) and acl.replace("-", "").lower() in _PUBLIC_ACLS:
        key = "predefined_acl" if "predefined_acl" in node else "default_acl"
        yield Hit(node, key, attr=key, values={"value": acl})

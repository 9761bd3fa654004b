"""Public principals in bucket IAM members, bindings, policies and legacy ACLs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_PUBLIC_ACLS = {"publicread", "publicreadwrite", "authenticatedread"}


iam = load_sibling(__file__, "_gcp_iam.py")

# terraform-google-modules/cloud-storage (root module and modules/simple-bucket)
STORAGE_MODULE = re.compile(r"(^|/)terraform-google-modules/(terraform-google-)?cloud-storage([/.?]|$)")
# root-module inputs listing members granted on every bucket
_MEMBER_LISTS = ("viewers", "admins", "creators", "storage_admins", "hmac_key_admins")
# root-module inputs mapping a bucket name to comma-separated members
_MEMBER_MAPS = ("bucket_viewers", "bucket_admins", "bucket_creators", "bucket_storage_admins",
                "bucket_hmac_key_admins")


def _module(node: dict) -> Iterator[Hit]:
    for key in _MEMBER_LISTS:
        yield from iam.public_entries(node, key, key)
    for key in _MEMBER_MAPS:
        members = node.get(key)
        if not isinstance(members, dict):
            continue
        for bucket, value in members.items():
            if isinstance(value, str) and any(iam.is_public_member(m) for m in value.split(",")):
                yield Hit(members, bucket, attr=f"{key}.{bucket}", values={"value": value})
    members_list = node.get("iam_members")  # simple-bucket: [{role, member}]
    if isinstance(members_list, list):
        for i, entry in enumerate(members_list):
            if isinstance(entry, dict):
                yield from iam.public_entries(entry, "member", f"iam_members[{i}].member")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "module":
        if STORAGE_MODULE.search(str(node.get("source", ""))):
            yield from _module(node)
        return
    yield from iam.iam_public_hits(subject, "entity", "role_entity")
    acl = node.get("predefined_acl") or node.get("default_acl")
    if isinstance(acl, str) and acl.replace("-", "").lower() in _PUBLIC_ACLS:
        key = "predefined_acl" if "predefined_acl" in node else "default_acl"
        yield Hit(node, key, attr=key, values={"value": acl})

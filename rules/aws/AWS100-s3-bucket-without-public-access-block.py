"""Buckets that no public access block (bucket or account level) covers."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

s3 = load_sibling(__file__, "_s3_companions.py")


def _account_block(subject: Subject) -> str:
    view = subject.context.get("module")
    for other in (view.of_type("aws_s3_account_public_access_block") if view is not None else []):
        return "unknown" if other.context.get("instances", 1) is None else "present"
    return "absent"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    account = _account_block(subject)
    if account == "present":
        return
    found = s3.state(subject, "aws_s3_bucket_public_access_block")
    if found == "present":
        return
    unknown = found == "unknown" or account == "unknown"
    yield Hit(subject.node, None, attr="", unknown=unknown,
              values={"value": "a public access block whose bucket is not known statically"})

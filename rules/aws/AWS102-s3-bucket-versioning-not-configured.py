"""Buckets with no versioning configuration at all (explicitly disabled versioning is
AWS005's finding)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import load_sibling

s3 = load_sibling(__file__, "_s3_companions.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if s3.inline(subject.node, "versioning") is not None:
        return
    found = s3.state(subject, "aws_s3_bucket_versioning")
    if found == "present":
        return
    yield Hit(subject.node, None, attr="versioning", unknown=found == "unknown",
              values={"value": "a versioning resource whose bucket is not known statically"})

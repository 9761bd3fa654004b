"""Buckets with no versioning configuration at all (explicitly disabled versioning is
AWS005's finding)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

s3 = load_sibling(__file__, "_s3_companions.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from s3.missing(subject, "versioning", "aws_s3_bucket_versioning", "a versioning resource")

"""Buckets with no server-side encryption configuration, inline or as a resource."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

s3 = load_sibling(__file__, "_s3_companions.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from s3.missing(subject, "server_side_encryption_configuration",
                          "aws_s3_bucket_server_side_encryption_configuration", "an encryption configuration")

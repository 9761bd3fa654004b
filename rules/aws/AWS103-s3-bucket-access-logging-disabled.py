"""Buckets without server access logging, inline or as aws_s3_bucket_logging. Buckets
that receive other buckets' logs are left alone."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

s3 = load_sibling(__file__, "_s3_companions.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for hit in s3.missing(subject, "logging", "aws_s3_bucket_logging", "a logging resource"):
        if not s3.is_log_target(subject):
            yield hit

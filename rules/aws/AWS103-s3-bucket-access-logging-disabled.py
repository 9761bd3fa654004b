"""Buckets without server access logging, inline or as aws_s3_bucket_logging. Buckets
that receive other buckets' logs are left alone."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import load_sibling

s3 = load_sibling(__file__, "_s3_companions.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if s3.inline(subject.node, "logging") is not None:
        return
    found = s3.state(subject, "aws_s3_bucket_logging")
    if found == "present" or s3.is_log_target(subject):
        return
    yield Hit(subject.node, None, attr="logging", unknown=found == "unknown",
              values={"value": "a logging resource whose bucket is not known statically"})

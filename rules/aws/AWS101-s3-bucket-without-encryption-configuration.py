"""Buckets with no server-side encryption configuration, inline or as a resource."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import load_sibling

s3 = load_sibling(__file__, "_s3_companions.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if s3.inline(subject.node, "server_side_encryption_configuration") is not None:
        return
    found = s3.state(subject, "aws_s3_bucket_server_side_encryption_configuration")
    if found == "present":
        return
    yield Hit(subject.node, None, attr="server_side_encryption_configuration",
              unknown=found == "unknown",
              values={"value": "an encryption configuration whose bucket is not known statically"})

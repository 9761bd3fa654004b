"""Public principals in KMS key and key ring IAM members, bindings and policies."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

iam = load_sibling(__file__, "_gcp_iam.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from iam.iam_public_hits(subject)

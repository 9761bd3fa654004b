"""Public principals in BigQuery dataset access entries and dataset/table IAM."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject
from linter.rules import load_sibling

iam = load_sibling(__file__, "_gcp_iam.py")


def _access_entry(entry) -> Iterator[Hit]:
    yield from iam.public_entries(entry, "special_group", "access.special_group")
    yield from iam.public_entries(entry, "iam_member", "access.iam_member")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "google_bigquery_dataset":
        for entry in blocks(node, "access"):
            yield from _access_entry(entry)
        return
    if subject.type == "google_bigquery_dataset_access":
        yield from _access_entry(node)
        return
    yield from iam.iam_public_hits(subject)

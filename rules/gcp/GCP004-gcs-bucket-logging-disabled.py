"""Buckets without usage logs, except the buckets other buckets log into: a log bucket
cannot usefully log into itself."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

_BUCKET = "google_storage_bucket"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if "logging" in node:
        return
    module = subject.context.get("module")
    if module is not None and any(
            other is not subject for other in module.referencing(subject, _BUCKET, "logging")):
        return
    yield Hit(node, None, attr="logging", values={"missing": "logging"})

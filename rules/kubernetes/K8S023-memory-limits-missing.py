"""Container without a memory limit (LimitRange defaults in the scan count as set)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.resources import missing_resource
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from missing_resource(subject, "limits", "memory")

"""A long-running container without a livenessProbe (batch Jobs and init or ephemeral
containers are not judged)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return k8s.missing_probe(subject, "livenessProbe")

"""Subjects system:anonymous / system:unauthenticated, except the default
public-info-viewer binding Kubernetes itself creates."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")

ANONYMOUS = ("system:anonymous", "system:unauthenticated")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    yield from k8s.binding_subject_hits(subject, params, ANONYMOUS)

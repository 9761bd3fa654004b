"""Kubelet client certificate rotation is turned off: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'rotate-certificates',
           'config': 'rotateCertificates',
           'not_in': ['false'],
           'why': 'the client certificate is never renewed'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

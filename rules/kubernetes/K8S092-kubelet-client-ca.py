"""Kubelet does not verify client certificates: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'client-ca-file',
           'config': 'authentication.x509.clientCAFile',
           'set': True,
           'why': 'the API server cannot authenticate to the kubelet with its client certificate'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

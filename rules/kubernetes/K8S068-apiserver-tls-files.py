"""API server serves a self-generated certificate: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'tls-cert-file',
           'set': True,
           'why': 'the API server generates a self-signed certificate clients cannot verify'},
          {'flag': 'tls-private-key-file',
           'set': True,
           'why': 'the API server generates a self-signed certificate clients cannot verify'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""API server reads static tokens or passwords from a file: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'token-auth-file',
           'unset': True,
           'why': 'static bearer tokens never expire and are changed only by a restart'},
          {'flag': 'basic-auth-file',
           'unset': True,
           'why': 'plain-text passwords, removed in Kubernetes 1.19'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

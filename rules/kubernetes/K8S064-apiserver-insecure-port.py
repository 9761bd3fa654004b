"""API server serves an unauthenticated insecure port: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'insecure-port',
           'want': '0',
           'default': '0',
           'why': 'the insecure port skips authentication and authorization'},
          {'flag': 'insecure-bind-address',
           'unset': True,
           'why': 'binds the unauthenticated insecure port to a network address'},
          {'flag': 'secure-port', 'not_in': ['0'], 'why': 'turns off the authenticated HTTPS port'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

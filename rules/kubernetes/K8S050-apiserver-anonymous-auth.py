"""API server accepts anonymous requests: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'anonymous-auth',
           'want': 'false',
           'default': 'true',
           'why': 'unauthenticated requests are served as system:anonymous'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

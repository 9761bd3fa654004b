"""Controllers share the controller manager's own credentials: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'use-service-account-credentials',
           'want': 'true',
           'default': 'false',
           'why': "every controller runs with the union of all controllers' rights"}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""API server accepts deleted service accounts' tokens: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'service-account-lookup',
           'want': 'true',
           'default': 'true',
           'why': 'tokens of deleted service accounts stay valid'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

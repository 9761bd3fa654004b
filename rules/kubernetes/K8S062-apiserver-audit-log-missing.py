"""API server writes no audit log: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'audit-log-path',
           'set': True,
           'unless_set': ['audit-webhook-config-file'],
           'why': 'no record of who did what in the cluster'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""API server keeps too little audit log history: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'audit-log-maxage',
           'min': 30,
           'if_set': 'audit-log-path',
           'if_not': ['-'],
           'why': 'days of audit logs kept, CIS asks for 30'},
          {'flag': 'audit-log-maxbackup',
           'min': 10,
           'if_set': 'audit-log-path',
           'if_not': ['-'],
           'why': 'rotated audit files kept, CIS asks for 10'},
          {'flag': 'audit-log-maxsize',
           'min': 100,
           'if_set': 'audit-log-path',
           'if_not': ['-'],
           'why': 'megabytes before rotation, CIS asks for 100'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

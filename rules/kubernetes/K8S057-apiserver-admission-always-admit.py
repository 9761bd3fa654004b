"""API server enables the AlwaysAdmit admission plugin: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'enable-admission-plugins',
           'forbid': ['AlwaysAdmit'],
           'why': 'deprecated plugin that admits every request'},
          {'flag': 'admission-control',
           'forbid': ['AlwaysAdmit'],
           'why': 'deprecated plugin that admits every request'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

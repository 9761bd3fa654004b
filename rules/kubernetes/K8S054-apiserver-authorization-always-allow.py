"""API server authorizes every request (AlwaysAllow): the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'authorization-mode',
           'forbid': ['AlwaysAllow'],
           'default': 'AlwaysAllow',
           'unless_set': ['authorization-config'],
           'why': 'every authenticated request is allowed, RBAC is not consulted'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

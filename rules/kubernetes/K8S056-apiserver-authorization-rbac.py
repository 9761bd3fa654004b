"""API server does not use RBAC authorization: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'authorization-mode',
           'require': ['RBAC'],
           'default': 'AlwaysAllow',
           'unless_set': ['authorization-config'],
           'why': 'Roles and RoleBindings are not enforced'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""API server does not use the Node authorizer: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'authorization-mode',
           'require': ['Node'],
           'default': 'AlwaysAllow',
           'unless_set': ['authorization-config'],
           'why': "a kubelet's credentials reach every node's secrets and pods"}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""Kubelet authorizes every request (AlwaysAllow): the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'authorization-mode',
           'config': 'authorization.mode',
           'forbid': ['AlwaysAllow'],
           'default': 'AlwaysAllow',
           'config_default': 'Webhook',
           'why': "every client that reaches port 10250 can exec into the node's containers"}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""Kubelet serves anonymous requests: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'anonymous-auth',
           'config': 'authentication.anonymous.enabled',
           'want': 'false',
           'default': 'true',
           'config_default': 'false',
           'why': 'requests without credentials reach the kubelet API as system:anonymous'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

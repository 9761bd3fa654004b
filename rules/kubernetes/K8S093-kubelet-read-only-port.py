"""Kubelet serves its unauthenticated read-only port: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'read-only-port',
           'config': 'readOnlyPort',
           'want': '0',
           'default': '10255',
           'config_default': '0',
           'why': 'pod specs, environment variables and node data are readable without credentials'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

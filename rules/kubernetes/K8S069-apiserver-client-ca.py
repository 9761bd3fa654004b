"""API server has no client CA: certificates are not accepted for authentication: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'client-ca-file',
           'set': True,
           'why': 'kubelets and components cannot authenticate with certificates'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

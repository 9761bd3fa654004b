"""etcd accepts clients without a client certificate: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'client-cert-auth',
           'want': 'true',
           'default': 'false',
           'why': 'anyone who reaches the client port reads and writes every object, Secrets included'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""etcd uses self-signed automatic TLS certificates: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'auto-tls',
           'want': 'false',
           'default': 'false',
           'why': 'clients cannot verify a self-signed certificate'},
          {'flag': 'peer-auto-tls',
           'want': 'false',
           'default': 'false',
           'why': 'members cannot verify each other'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

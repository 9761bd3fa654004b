"""etcd members talk to each other without certificate authentication: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'peer-cert-file', 'set': True, 'why': 'peer traffic is not encrypted'},
          {'flag': 'peer-key-file', 'set': True, 'why': 'peer traffic is not encrypted'},
          {'flag': 'peer-client-cert-auth',
           'want': 'true',
           'default': 'false',
           'why': 'anyone who reaches the peer port can join or read replication traffic'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

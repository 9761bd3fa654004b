"""etcd serves clients without TLS certificates: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'cert-file',
           'set': True,
           'why': 'client traffic, every Secret included, travels in clear text'},
          {'flag': 'key-file',
           'set': True,
           'why': 'client traffic, every Secret included, travels in clear text'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""Controller manager or scheduler listens on every interface: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'bind-address',
           'want': '127.0.0.1',
           'default': '0.0.0.0',
           'why': 'its health and metrics port is reachable from the network'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

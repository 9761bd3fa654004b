"""API server talks to etcd without client certificate or CA: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'etcd-certfile', 'set': True, 'why': 'etcd cannot authenticate the API server'},
          {'flag': 'etcd-keyfile', 'set': True, 'why': 'etcd cannot authenticate the API server'},
          {'flag': 'etcd-cafile', 'set': True, 'why': "the etcd server's certificate is not verified"}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""API server stores Secrets in etcd unencrypted: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'encryption-provider-config',
           'set': True,
           'why': 'Secrets are stored as plain base64 in etcd and its backups'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

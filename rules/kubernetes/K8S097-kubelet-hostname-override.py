"""Kubelet overrides the node's host name: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'hostname-override',
           'unset': True,
           'why': "the node name no longer matches the certificate's host name, which breaks TLS "
                  'verification between kubelet and API server'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

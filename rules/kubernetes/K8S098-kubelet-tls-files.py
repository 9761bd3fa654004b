"""Kubelet serves a self-signed certificate: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'tls-cert-file',
           'config': 'tlsCertFile',
           'set': True,
           'unless_set': ['rotate-server-certificates'],
           'unless_config': 'serverTLSBootstrap',
           'why': 'the kubelet generates a self-signed serving certificate the API server cannot '
                  'verify'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""API server does not authenticate to kubelets with a client certificate: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'kubelet-client-certificate',
           'set': True,
           'why': 'kubelets cannot tell the API server from any other client'},
          {'flag': 'kubelet-client-key',
           'set': True,
           'why': 'kubelets cannot tell the API server from any other client'},
          {'flag': 'kubelet-https',
           'want': 'true',
           'default': 'true',
           'why': 'exec, logs and port-forward traffic to kubelets travels in clear text'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

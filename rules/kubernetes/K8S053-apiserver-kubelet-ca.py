"""API server does not verify the kubelets' serving certificates: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'kubelet-certificate-authority',
           'set': True,
           'why': 'connections to kubelets can be intercepted'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

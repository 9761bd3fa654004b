"""API server does not enable the NodeRestriction admission plugin: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'enable-admission-plugins',
           'require': ['NodeRestriction'],
           'disable_flag': 'disable-admission-plugins',
           'why': 'a kubelet can modify other nodes and pods bound to other nodes'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

"""Kubelet keeps idle exec and port-forward streams open forever: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'streaming-connection-idle-timeout',
           'min': 1,
           'default': '4h',
           'why': 'idle exec and port-forward sessions never time out'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

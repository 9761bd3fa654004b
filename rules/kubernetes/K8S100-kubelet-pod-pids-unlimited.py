"""Kubelet sets no limit on processes per pod: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'pod-max-pids',
           'config': 'podPidsLimit',
           'min': 1,
           'default': '-1',
           'config_default': '-1',
           'why': 'one pod can fork-bomb the node'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

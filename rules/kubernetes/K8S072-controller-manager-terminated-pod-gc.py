"""Controller manager keeps up to 12,500 terminated pods: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'terminated-pod-gc-threshold',
           'set': True,
           'why': 'the default of 12500 terminated pods strains etcd and the API server'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

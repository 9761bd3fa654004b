"""Control-plane component serves profiling data: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'profiling',
           'want': 'false',
           'default': 'true',
           'why': 'the /debug/pprof endpoints reveal internals and cost CPU'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

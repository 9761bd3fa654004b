"""API server lacks a hardening admission plugin the CIS Benchmark recommends: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'enable-admission-plugins',
           'require': ['AlwaysPullImages', 'EventRateLimit', 'DenyServiceExternalIPs'],
           'disable_flag': 'disable-admission-plugins',
           'why': 'recommended by the CIS Benchmark; check it suits the cluster'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

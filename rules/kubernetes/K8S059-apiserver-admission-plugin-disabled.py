"""API server turns off a default admission plugin that enforces security: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'enable-admission-plugins',
           'require': ['ServiceAccount', 'NamespaceLifecycle', 'PodSecurity'],
           'default_on': ['ServiceAccount', 'NamespaceLifecycle', 'PodSecurity'],
           'disable_flag': 'disable-admission-plugins',
           'why': 'the protection it gives is gone cluster-wide'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

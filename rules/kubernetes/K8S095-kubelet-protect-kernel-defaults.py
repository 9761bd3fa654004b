"""Kubelet may change kernel settings instead of failing on wrong ones: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'protect-kernel-defaults',
           'config': 'protectKernelDefaults',
           'want': 'true',
           'default': 'false',
           'config_default': 'false',
           'why': 'the kubelet silently overrides kernel tunables hardened by the node image'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

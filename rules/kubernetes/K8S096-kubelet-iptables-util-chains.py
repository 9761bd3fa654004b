"""Kubelet does not manage its iptables chains: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'make-iptables-util-chains',
           'config': 'makeIPTablesUtilChains',
           'want': 'true',
           'default': 'true',
           'config_default': 'true',
           'why': "the node's iptables rules may drift from what pod networking expects"}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)

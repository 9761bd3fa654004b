"""The provider that encrypts Secrets is one the Kubernetes documentation advises against:
aescbc (padding-oracle prone) or aesgcm (keys must be rotated every 200k writes)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_cfg = load_sibling(__file__, "_clusterconfig.py")
WEAK = {"aescbc": "aescbc is vulnerable to padding-oracle attacks and not recommended",
        "aesgcm": "aesgcm keys must be rotated every 200,000 writes or nonces repeat"}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for i, entry, resources in _cfg.resource_entries(subject.node):
        if not _cfg.covers(resources, "secrets"):
            continue
        first = _cfg.first_provider(entry)
        if first is not None and first[1] in WEAK:
            yield Hit(first[2], first[1], attr=f"resources[{i}].providers[{first[0]}].{first[1]}",
                      values={"value": first[1], "problem": WEAK[first[1]]})
        return

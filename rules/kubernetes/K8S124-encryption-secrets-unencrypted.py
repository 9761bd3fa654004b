"""Secrets written to etcd without encryption: no entry covers them, or the first
provider of the entry that does is `identity` (the first provider encrypts new writes)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_cfg = load_sibling(__file__, "_clusterconfig.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    obj = subject.node
    for i, entry, resources in _cfg.resource_entries(obj):
        if not _cfg.covers(resources, "secrets"):
            continue
        first = _cfg.first_provider(entry)
        if first is not None and first[1] == "identity":
            yield Hit(entry["providers"], first[0], attr=f"resources[{i}].providers[{first[0]}]",
                      values={"problem": "identity is the first provider for secrets: new Secrets are "
                                         "written to etcd unencrypted"})
        return  # the first entry that names a resource decides
    yield Hit(obj, "resources" if "resources" in obj else "kind", attr="resources",
              values={"problem": "no entry encrypts secrets: they are written to etcd unencrypted"})

"""Instances that accept project-wide SSH keys, unless OS Login (instance or project
metadata in the same module) makes metadata keys irrelevant."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Map, Subject, Unknown
from linter.rules import load_sibling

base = load_sibling(__file__, "_gcp.py")


def _project_oslogin(module) -> bool:
    for other in getattr(module, "resources", ()):
        node = other.node
        if other.type == "google_compute_project_metadata":
            metadata = node.get("metadata")
            if isinstance(metadata, Map) and base.truth(metadata.get("enable-oslogin")):
                return True
        elif other.type == "google_compute_project_metadata_item":
            if node.get("key") == "enable-oslogin" and base.truth(node.get("value")):
                return True
    return False


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    metadata = node.get("metadata", base.MISSING)
    if isinstance(metadata, Unknown):
        yield Hit(node, "metadata", attr="metadata", values={"value": metadata.expr}, unknown=True)
        return
    if not isinstance(metadata, Map):
        metadata = Map()
    oslogin = metadata.get("enable-oslogin", base.MISSING)
    if base.truth(oslogin):
        return
    block = metadata.get("block-project-ssh-keys", base.MISSING)
    if isinstance(block, Unknown):
        yield Hit(metadata, "block-project-ssh-keys", attr="metadata.block-project-ssh-keys",
                  values={"value": block.expr}, unknown=True)
        return
    if base.truth(block):
        return
    if oslogin is base.MISSING and _project_oslogin(subject.context.get("module")):
        return
    if block is base.MISSING:
        yield Hit(node, None, attr="metadata.block-project-ssh-keys")
    else:
        yield Hit(metadata, "block-project-ssh-keys", attr="metadata.block-project-ssh-keys")

"""OS Login: missing or off in project metadata, explicitly off on an instance."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Map, Subject
from linter.rules import load_sibling

base = load_sibling(__file__, "_gcp.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "google_compute_project_metadata_item":
        if node.get("key") == "enable-oslogin" and base.truth(node.get("value")) is False:
            yield Hit(node, "value", attr="value", values={"detail": "enable-oslogin is turned off"})
        return
    metadata = node.get("metadata", base.MISSING)
    if not isinstance(metadata, Map):
        if metadata is base.MISSING and subject.type == "google_compute_project_metadata":
            yield Hit(node, None, attr="metadata",
                      values={"detail": "project metadata does not enable OS Login"})
        return
    value = metadata.get("enable-oslogin", base.MISSING)
    if value is base.MISSING:
        if subject.type == "google_compute_project_metadata":
            yield Hit(node, None, attr="metadata.enable-oslogin",
                      values={"detail": "project metadata does not set enable-oslogin = TRUE"})
    elif base.truth(value) is False:
        yield Hit(metadata, "enable-oslogin", attr="metadata.enable-oslogin",
                  values={"detail": "enable-oslogin is turned off"})

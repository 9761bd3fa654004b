"""OS Login: missing or off in project metadata, explicitly off on an instance."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Map, Subject


def _lib():
    mod = sys.modules.get("iacgate_rules_gcp")
    if mod is None:
        spec = importlib.util.spec_from_file_location("iacgate_rules_gcp",
                                                      Path(__file__).with_name("_gcp.py"))
        mod = importlib.util.module_from_spec(spec)
        sys.modules["iacgate_rules_gcp"] = mod
        spec.loader.exec_module(mod)
    return mod


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    lib = _lib()
    node = subject.node
    if subject.type == "google_compute_project_metadata_item":
        if node.get("key") == "enable-oslogin" and lib.truth(node.get("value")) is False:
            yield Hit(node, "value", attr="value", values={"detail": "enable-oslogin is turned off"})
        return
    metadata = node.get("metadata", lib.MISSING)
    if not isinstance(metadata, Map):
        if metadata is lib.MISSING and subject.type == "google_compute_project_metadata":
            yield Hit(node, None, attr="metadata",
                      values={"detail": "project metadata does not enable OS Login"})
        return
    value = metadata.get("enable-oslogin", lib.MISSING)
    if value is lib.MISSING:
        if subject.type == "google_compute_project_metadata":
            yield Hit(node, None, attr="metadata.enable-oslogin",
                      values={"detail": "project metadata does not set enable-oslogin = TRUE"})
    elif lib.truth(value) is False:
        yield Hit(metadata, "enable-oslogin", attr="metadata.enable-oslogin",
                  values={"detail": "enable-oslogin is turned off"})

"""hostNetwork / hostPID / hostIPC set to true on the pod spec."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

NAMESPACES = {"hostNetwork": "network namespace", "hostPID": "process namespace",
              "hostIPC": "IPC namespace"}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node
    for key, what in NAMESPACES.items():
        value = spec.get(key)
        if value is True or (isinstance(value, str) and value.strip().lower() == "true"):
            yield Hit(spec, key, attr=key, values={"value": "true", "key": key, "what": what})

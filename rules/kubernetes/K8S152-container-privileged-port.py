"""A container port below 1024 (privileged on Linux)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    ports = subject.node.get("ports")
    for i, port in enumerate(ports if isinstance(ports, list) else ()):
        value = port.get("containerPort") if isinstance(port, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1024 and value != 22:
            yield Hit(port, "containerPort", attr=f"ports[{i}].containerPort", values={"value": str(value)})

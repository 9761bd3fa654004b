"""Port 22 declared by a container, or exposed by a Service (port or targetPort)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def _is_ssh(value: object) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool) and value == 22) or value == "ssh"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.level == "container":
        ports = subject.node.get("ports")
        for i, port in enumerate(ports if isinstance(ports, list) else ()):
            if isinstance(port, dict) and _is_ssh(port.get("containerPort")):
                yield Hit(port, "containerPort", attr=f"ports[{i}].containerPort",
                          values={"what": f"container '{subject.context['values']['container']}' listens on"})
        return
    spec = subject.node.get("spec")
    ports = spec.get("ports") if isinstance(spec, dict) else None
    for i, port in enumerate(ports if isinstance(ports, list) else ()):
        if not isinstance(port, dict):
            continue
        for key in ("port", "targetPort"):
            if _is_ssh(port.get(key)):
                yield Hit(port, key, attr=f"spec.ports[{i}].{key}", values={"what": f"the Service exposes ({key})"})
                break

"""hostPath volumes of the pod; points at the `hostPath:` key of the volume."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    volumes = subject.node.get("volumes")
    if not isinstance(volumes, list):
        return
    for i, volume in enumerate(volumes):
        if not isinstance(volume, dict) or volume.get("hostPath") is None:
            continue
        host = volume["hostPath"]
        path = host.get("path") if isinstance(host, dict) else None
        yield Hit(volume, "hostPath", attr=f"volumes[{i}].hostPath",
                  values={"value": f"'{path}'" if path else "a path", "volume": str(volume.get("name", i))})

"""hostPath volumes that are, or contain, a container runtime socket."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from linter.model import Hit, Subject

RUNTIMES = ("docker", "containerd", "crio", "cri-o", "podman")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    sockets = {str(p) for p in params.get("paths", ())}
    folders = {str(p) for p in params.get("folders", ())}
    volumes = subject.node.get("volumes")
    if not isinstance(volumes, list):
        return
    for i, volume in enumerate(volumes):
        host = volume.get("hostPath") if isinstance(volume, dict) else None
        if not isinstance(host, dict) or not isinstance(host.get("path"), str):
            continue
        raw = host["path"].strip()
        path = posixpath.normpath(raw) if raw else raw
        runtime_socket = path.endswith(".sock") and any(r in path for r in RUNTIMES)
        if path in sockets or path in folders or runtime_socket:
            yield Hit(host, "path", attr=f"volumes[{i}].hostPath.path",
                      values={"value": raw, "volume": str(volume.get("name", i))})

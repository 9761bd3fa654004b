"""Helm v2's Tiller: a container running the tiller image (unless it listens on localhost
only), or the `tiller-deploy` Service that exposes its gRPC port."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.images import parse_image
from linter.kinds.kubernetes.pod import containers
from linter.model import Hit, Subject


def _is_tiller(image: object) -> bool:
    parsed = parse_image(image)
    return parsed is not None and parsed.repository.rsplit("/", 1)[-1] == "tiller"


def _local_only(container: dict) -> bool:
    words = [str(w) for key in ("command", "args") for w in container.get(key) or () if isinstance(w, (str, int))]
    for i, word in enumerate(words):
        value = word.split("=", 1)[1] if word.startswith("--listen=") else (
            words[i + 1] if word == "--listen" and i + 1 < len(words) else None)
        if value is not None:
            return value.startswith(("localhost:", "127.0.0.1:"))
    return False


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.level == "object":
        obj = subject.node
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        if obj.get("kind") == "Service" and meta.get("name") == "tiller-deploy":
            yield Hit(meta, "name", attr="metadata.name", values={"what": "Service tiller-deploy exposes"})
        return
    for ref in containers(subject.node):
        if _is_tiller(ref.container.get("image")) and not _local_only(ref.container):
            yield Hit(ref.container, "image", attr=f"{ref.field}[{ref.index}].image",
                      values={"what": f"container '{ref.name}' runs"})

"""Image references without a digest (placeholders and empty images are skipped)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.images import is_placeholder, parse_image
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    raw = subject.node.get("image")
    if is_placeholder(raw):
        yield Hit(subject.node, "image", attr="image", values={"value": str(raw)}, unknown=True)
        return
    image = parse_image(raw)
    if image is None or image.digest:
        return
    yield Hit(subject.node, "image", attr="image", values={"value": image.text})

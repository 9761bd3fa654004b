"""Image references without a digest (placeholders and empty images are skipped)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_images import parse_image
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    image = parse_image(subject.node.get("image"))
    if image is None or image.digest:
        return
    yield Hit(subject.node, "image", attr="image", values={"value": image.text})

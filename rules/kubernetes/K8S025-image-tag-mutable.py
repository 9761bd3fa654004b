"""Image references without a tag or with `latest` (digests are fine)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_images import parse_image
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    image = parse_image(subject.node.get("image"))
    if image is None or image.digest:
        return
    if image.tag is None:
        problem = "without a tag (that is: latest)"
    elif image.tag.lower() == "latest":
        problem = "with the moving tag 'latest'"
    else:
        return
    yield Hit(subject.node, "image", attr="image", values={"value": image.text, "problem": problem})

"""Image references without a tag or with `latest` (digests are fine)."""

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
    if image.tag is None:
        problem = "without a tag (that is: latest)"
    elif image.tag.lower() == "latest":
        problem = "with the moving tag 'latest'"
    else:
        return
    yield Hit(subject.node, "image", attr="image", values={"value": image.text, "problem": problem})

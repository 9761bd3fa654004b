"""A tag that can move (no digest) pulled with IfNotPresent or Never: nodes may run
different images under one name. `latest` and untagged images default to Always."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.images import is_placeholder, parse_image
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    raw = subject.node.get("image")
    if is_placeholder(raw):
        return
    image = parse_image(raw)
    if image is None or image.digest or image.tag is None or image.tag.lower() == "latest":
        return
    policy = subject.node.get("imagePullPolicy")
    if policy == "Always":
        return
    if policy is None:
        yield Hit(subject.node, "image", attr="image", values={
            "value": image.text, "problem": "has no imagePullPolicy, so IfNotPresent applies"})
    else:
        yield Hit(subject.node, "imagePullPolicy", attr="imagePullPolicy", values={
            "value": image.text, "problem": f"sets imagePullPolicy: {policy}"})

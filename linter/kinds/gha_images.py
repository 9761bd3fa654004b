"""Container images a job or step runs: `container:`, `services:` and `uses: docker://`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .gha_model import Image, mapping, parse_image, parse_uses


def images(node: Any, level: str) -> Iterator[tuple[Any, Any, Image]]:
    """(container, key, image) for every statically known image reference.
    Images built from expressions (`${{ matrix.image }}`) are unknown and skipped."""
    if not isinstance(node, dict):
        return
    if level == "step":
        uses = parse_uses(node.get("uses"))
        if uses is not None and uses.kind == "docker" and "${{" not in uses.image:
            yield node, "uses", parse_image(uses.image)
        return
    holders: list[tuple[Any, Any]] = [(node, "container")]
    holders += [(mapping(node.get("services")), name) for name in mapping(node.get("services"))]
    for parent, key in holders:
        value = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(value, dict):
            parent, key, value = value, "image", value.get("image")
        if isinstance(value, str) and value.strip() and "${{" not in value:
            yield parent, key, parse_image(value)

"""Container images a job, step or Docker action runs: `container:`, `services:`,
`uses: docker://` and an action's `runs.image`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .model import Image, mapping, parse_image, parse_uses

_MATRIX = re.compile(r"^\$\{\{\s*matrix\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$")


def images(node: Any, level: str) -> Iterator[tuple[Any, Any, Image | None]]:
    """(container, key, image) for every image reference. An image written as
    `${{ matrix.x }}` yields each static value of that matrix dimension; any other
    expression yields None (not known statically)."""
    if not isinstance(node, dict):
        return
    if level == "step":
        uses = parse_uses(node.get("uses"))
        if uses is not None and uses.kind == "docker":
            yield node, "uses", None if "${{" in uses.image else parse_image(uses.image)
        return
    if level == "workflow":
        runs = mapping(node.get("runs"))
        image = runs.get("image")
        if str(runs.get("using", "")).lower() == "docker" and isinstance(image, str) \
                and image.startswith("docker://"):
            yield runs, "image", parse_image(image[len("docker://"):])
        return
    holders: list[tuple[Any, Any]] = [(node, "container")]
    holders += [(mapping(node.get("services")), name) for name in mapping(node.get("services"))]
    for parent, key in holders:
        value = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(value, dict):
            parent, key, value = value, "image", value.get("image")
        if not isinstance(value, str) or not value.strip():
            continue
        if "${{" not in value:
            yield parent, key, parse_image(value)
            continue
        values = _matrix_values(node, value.strip())
        if values is None:
            yield parent, key, None
        for where, at, v in values or ():
            yield where, at, parse_image(v)


def _matrix_values(job: Any, expr: str) -> list[tuple[Any, Any, str]] | None:
    """(container, key, value) of each value a `${{ matrix.x }}` can take, located where the
    value is written; None when the matrix itself is computed."""
    m = _MATRIX.match(expr)
    if not m:
        return None
    dim = m.group(1)
    matrix = mapping(mapping(job.get("strategy")).get("matrix"))
    values = matrix.get(dim)
    out = [(values, i, v) for i, v in enumerate(values) if isinstance(v, str)] \
        if isinstance(values, list) else []
    for extra in matrix.get("include") or []:
        if isinstance(extra, dict) and isinstance(extra.get(dim), str):
            out.append((extra, dim, extra[dim]))
    if any("${{" in v for _, _, v in out) or (not out and not isinstance(values, list)):
        return None
    return out

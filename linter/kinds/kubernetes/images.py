"""Container image references: registry/repository[:tag][@digest]."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# values filled in at deploy time (kustomize, envsubst, Jinja, Helm leftovers): unknown
_PLACEHOLDER = re.compile(r"\$\(|\$\{|\{\{|<[^>]*>|%\(|\$[A-Za-z_]")


@dataclass
class Image:
    text: str
    repository: str
    tag: str | None
    digest: str | None


def is_placeholder(value: Any) -> bool:
    """An image filled in at deploy time: its tag and digest are unknown here."""
    return isinstance(value, str) and bool(_PLACEHOLDER.search(value.strip()))


def parse_image(value: Any) -> Image | None:
    """The parts of an image reference, or None when it is absent or a placeholder."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or _PLACEHOLDER.search(text) or any(c.isspace() for c in text):
        return None
    name, _, digest = text.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        tag = last.split(":", 1)[1]
        name = name[: len(name) - len(tag) - 1]
    return Image(text, name, tag or None, digest or None)

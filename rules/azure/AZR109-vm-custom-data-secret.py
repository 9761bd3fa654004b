"""Credentials written into VM custom data or user data (plain or base64-encoded)."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from linter.model import Hit, Map, Subject

_SECRET = re.compile(
    r"""(?i)(passw(or)?d|secret|api[_-]?key|access[_-]?key|token)[a-z_]*\s*[:=]\s*["']?(?!\$)[^\s"']{6,}"""
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----")


def _texts(value: str) -> list[str]:
    """The value, and its base64 decoding when it looks like base64."""
    out = [value]
    compact = value.strip()
    if compact and len(compact) % 4 == 0 and re.fullmatch(r"[A-Za-z0-9+/=\s]+", compact):
        try:
            out.append(base64.b64decode(compact).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            pass
    return out


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    places = [(node, "custom_data", "custom_data"), (node, "user_data", "user_data")]
    profile = node.get("os_profile")
    for block in profile if isinstance(profile, list) else [profile]:
        if isinstance(block, Map):
            places.append((block, "custom_data", "os_profile.custom_data"))
    for container, key, attr in places:
        value = container.get(key)
        if isinstance(value, str) and any(_SECRET.search(text) for text in _texts(value)):
            yield Hit(container, key, attr=attr)

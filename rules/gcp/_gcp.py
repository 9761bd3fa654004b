"""Shared values of the Google Cloud checks: truthiness of HCL values and the first block
along a path. The IAM and firewall helpers live in `_gcp_iam.py` and `_gcp_firewall.py`.

Loaded by path from the checks (`load_sibling`), never registered.
"""

from __future__ import annotations

import re
from typing import Any

from linter.kinds.terraform import rulekit
from linter.model import Map

MISSING = object()


_BOOL_WORDS = {"true": True, "1": True, "yes": True, "on": True,
               "false": False, "0": False, "no": False, "off": False}


def truth(value: Any) -> bool | None:
    """True/False for a boolean written as a bool, a number or a string; None when
    unknown or odd."""
    if isinstance(value, int) and not isinstance(value, bool):
        return bool(value)
    return rulekit.truth(value, _BOOL_WORDS)


def first(node: Any, *path: str) -> Any:
    """The first block along `path` (blocks are lists), or the attribute at its end."""
    current = node
    for name in path:
        if isinstance(current, list):
            current = current[0] if current else MISSING
        if not isinstance(current, dict) or name not in current:
            return MISSING
        current = current[name]
    if isinstance(current, list) and current and isinstance(current[0], Map) and path:
        return current[0]
    return current


SQL_MODULE = re.compile(r"(^|/)(terraform-google-modules|GoogleCloudPlatform)/(terraform-google-)?sql-db([/.?]|$)")

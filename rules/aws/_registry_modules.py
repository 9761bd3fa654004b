"""Calls of well-known registry modules (terraform-aws-modules/*): which module a `module`
block calls, so checks can judge it by the inputs the call writes.

Loaded by the AWS checks with `linter.rules.load_sibling`.
"""

from __future__ import annotations

import re
from typing import Any


def registry_module(node: Any, *names: str) -> bool:
    """Is this module call's source one of the terraform-aws-modules `names` (registry
    address or GitHub URL, any version), whose inputs some rules read directly?"""
    source = node.get("source") if isinstance(node, dict) else None
    if not isinstance(source, str):
        return False
    alternatives = "|".join(re.escape(n) for n in names)
    pattern = (r"^(git::)?(https://)?(github\.com/)?terraform-aws-modules/(terraform-aws-)?"
               rf"({alternatives})(/aws)?(\.git)?(\?ref=[^/]*)?$")
    return re.match(pattern, source.strip()) is not None

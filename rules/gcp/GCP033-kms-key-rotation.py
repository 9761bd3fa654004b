"""Symmetric KMS keys without rotation_period, or with one longer than the limit."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.model import Hit, Subject, Unknown

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    limit = int(params.get("max_seconds", 7776000))
    purpose = node.get("purpose", "ENCRYPT_DECRYPT")
    if isinstance(purpose, Unknown) or str(purpose).upper() != "ENCRYPT_DECRYPT":
        return
    period = node.get("rotation_period")
    if period is None:
        yield Hit(node, None, attr="rotation_period",
                  values={"detail": "no rotation_period: the key is never rotated"})
        return
    if isinstance(period, Unknown):
        yield Hit(node, "rotation_period", attr="rotation_period",
                  values={"value": period.expr}, unknown=True)
        return
    match = _DURATION.match(str(period))
    if match and float(match.group(1)) > limit:
        days = float(match.group(1)) / 86400
        yield Hit(node, "rotation_period", attr="rotation_period",
                  values={"detail": f"rotation_period {period} ({days:.0f} days) is longer "
                                    f"than {limit // 86400} days"})

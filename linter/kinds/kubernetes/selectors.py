"""Label selectors as the API server evaluates them (matchLabels and matchExpressions)."""

from __future__ import annotations

from typing import Any


def matches(selector: Any, labels: Any) -> bool | None:
    """Whether a LabelSelector selects these labels; None when it cannot be read."""
    if not isinstance(selector, dict):
        return None
    labels = labels if isinstance(labels, dict) else {}
    wanted = selector.get("matchLabels") or {}
    if not isinstance(wanted, dict):
        return None
    if any(str(labels.get(k)) != str(v) or k not in labels for k, v in wanted.items()):
        return False
    for expr in selector.get("matchExpressions") or ():
        if not isinstance(expr, dict):
            return None
        key, op = expr.get("key"), expr.get("operator")
        values = [str(v) for v in expr.get("values") or ()]
        present = key in labels
        if op == "In" and not (present and str(labels[key]) in values):
            return False
        if op == "NotIn" and present and str(labels[key]) in values:
            return False
        if op == "Exists" and not present:
            return False
        if op == "DoesNotExist" and present:
            return False
        if op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return None
    return True


def service_matches(selector: Any, labels: Any) -> bool:
    """A Service's plain `selector` map: every pair present in the labels."""
    labels = labels if isinstance(labels, dict) else {}
    return isinstance(selector, dict) and all(
        k in labels and str(labels[k]) == str(v) for k, v in selector.items())

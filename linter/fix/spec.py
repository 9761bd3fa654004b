"""A rule's `fix:` declaration turned into edits for one hit.

Declarative fixes name paths relative to what the hit points at, so that one line of
YAML serves every place a rule reports: a setting with the wrong value (the hit is the
entry itself), a container or block that lacks it (the hit is the container), or a
parent that is missing altogether. `set` writes values, `add` makes a list contain an
item, `replace: VALUE` writes the entry the hit points at, `delete: true` removes it. Anything else is a `fix`
function beside the rule's Python check, returning the same edits.
"""

from __future__ import annotations

from typing import Any

from ..model import Hit, Subject
from .edits import AddItem, Delete, Edit, FixPlan, Refusal, SetValue

SAFETIES = ("safe", "unsafe")


def split_path(path: str | list) -> tuple:
    """`securityContext.capabilities.drop` -> ("securityContext", "capabilities", "drop")."""
    if isinstance(path, list):
        return tuple(path)
    return tuple(p for p in str(path).split(".") if p)


def _entry(node: Any, key: Any) -> Any:
    try:
        return node[key]
    except (KeyError, IndexError, TypeError):
        return None


def anchor(hit: Hit, path: tuple) -> tuple[Any, tuple]:
    """The container a declarative path starts from, and what is left of the path.

    When the hit's key is one of the path's keys, the path continues from the hit's
    node (the hit is on the setting itself or on a parent of it); otherwise the path
    starts inside the entry the hit points at (a container item, a `spec:` key, a
    Terraform block), or at the hit's node when it points at no entry."""
    key = hit.key
    if key is not None and isinstance(hit.node, dict) and key in path:
        return hit.node, path[path.index(key):]
    if key is None:
        return hit.node, path
    value = _entry(hit.node, key)
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
        value = value[0]  # a Terraform block written once
    if isinstance(value, dict):
        return value, path
    return hit.node, path


def declared_edits(spec: dict, hit: Hit) -> list[Edit]:
    edits: list[Edit] = []
    for raw, value in (spec.get("set") or {}).items():
        node, path = anchor(hit, split_path(raw))
        edits.append(SetValue(node, path, value))
    for raw, value in (spec.get("add") or {}).items():
        node, path = anchor(hit, split_path(raw))
        edits.append(AddItem(node, path, value))
    if "replace" in spec:
        if hit.key is None or not isinstance(hit.node, (dict, list)):
            raise ValueError("replace: the hit points at no entry")
        edits.append(SetValue(hit.node, (hit.key,), spec["replace"]))
    if spec.get("delete"):
        if hit.key is None:
            raise ValueError("delete: the hit points at no entry")
        edits.append(Delete(hit.node, hit.key))
    return edits


def plan(rule: Any, subject: Subject, hit: Hit, params: dict) -> FixPlan:
    """The edits that fix one hit of `rule`, or why there are none."""
    spec = rule.fix or {}
    if spec.get("python"):
        result = rule.fixer(subject, hit, params)
        if isinstance(result, Refusal):
            return FixPlan(refusal=result.reason)
        if isinstance(result, str):
            return FixPlan(refusal=result)
        edits = list(result or ())
    else:
        try:
            edits = declared_edits(spec, hit)
        except ValueError as exc:
            return FixPlan(refusal=str(exc))
    if not edits:
        return FixPlan(refusal="nothing to change here")
    return FixPlan(edits=edits)


def allowed(rule: Any, unsafe: bool) -> bool:
    spec = rule.fix
    return bool(spec) and (spec.get("safety") == "safe" or unsafe)

"""The small declarative matcher behind YAML rules.

A condition describes the *bad* state. Evaluating it over a subject's node gives a state
(True, False, or None for unknown) and the hits: the located entries that make it true.

Leaf: `{path: a.b[*].c, <operator>: value}` with operators exists, absent, equals,
not_equals, in, not_in, matches, not_matches, contains, not_contains, gt, ge, lt, le,
and `default` (the value a missing entry is taken to have; the hit then points at the
container that lacks it). A wildcard path is true when any of its values is.
Combinators: `all`, `any`, `not`, and `each: PATH, match: COND` (the condition evaluated
relative to every element at PATH). `all` points at the hits of its first child that has
some; `any` at all of its true children; `not` at the node it was evaluated on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .model import Hit, Unknown

UNKNOWN = None
_MISSING = object()
_OPERATORS = ("exists", "absent", "equals", "not_equals", "in", "not_in", "matches",
              "not_matches", "contains", "not_contains", "gt", "ge", "lt", "le")


@dataclass
class Branch:
    """One place a path leads to: `parent[key]` (value `_MISSING` when the key is absent)."""

    parent: Any
    key: Any
    value: Any
    attr: str


@lru_cache(maxsize=4096)
def _pattern(text: str) -> re.Pattern:
    """A rule's `matches:` expression, compiled once per process (re's own cache holds 512
    patterns shared with every other module, and a scan can use more)."""
    return re.compile(text)


@lru_cache(maxsize=4096)
def parse_path(path: str | tuple) -> tuple:
    """`spec.containers[*].image` -> ('spec', 'containers', '*', 'image').
    A quoted segment keeps its dots: metadata.annotations."a.b/c"."""
    if isinstance(path, tuple):
        return path
    segments: list[Any] = []
    for match in re.finditer(r'"([^"]*)"|\[(\*|-?\d+)\]|([^.\[\]"]+)', path):
        quoted, index, name = match.groups()
        if quoted is not None:
            segments.append(quoted)
        elif index is not None:
            segments.append("*" if index == "*" else int(index))
        else:
            segments.append(name)
    return tuple(segments)


def _join(attr: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{attr}[{key}]"
    return f"{attr}.{key}" if attr else str(key)


def resolve(node: Any, path: str | list | tuple, attr: str = "") -> list[Branch]:
    """Every branch a path leads to from `node`, missing ones included."""
    segments = parse_path(tuple(path) if isinstance(path, list) else path)
    branches = [Branch(None, None, node, attr)]
    for seg in segments:
        nxt: list[Branch] = []
        for br in branches:
            value = br.value
            if value is _MISSING:
                if seg != "*":
                    nxt.append(br)  # `a.b` is absent when `a` is: the hit stays on a's container
                continue
            if seg == "*":
                if isinstance(value, dict):
                    nxt.extend(Branch(value, k, v, _join(br.attr, k)) for k, v in value.items())
                elif isinstance(value, list):
                    nxt.extend(Branch(value, i, v, _join(br.attr, i)) for i, v in enumerate(value))
                continue
            if isinstance(value, dict):
                nxt.append(Branch(value, seg, value.get(seg, _MISSING), _join(br.attr, seg)))
            elif isinstance(value, list) and isinstance(seg, int):
                ok = -len(value) <= seg < len(value)
                nxt.append(Branch(value, seg, value[seg] if ok else _MISSING, _join(br.attr, seg)))
            elif isinstance(value, list):
                # a name applied to a list applies to each item (Terraform blocks repeat)
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        nxt.append(Branch(item, seg, item.get(seg, _MISSING),
                                          _join(_join(br.attr, i), seg)))
            elif isinstance(value, Unknown):
                nxt.append(Branch(br.parent, br.key, value, br.attr))
            else:
                nxt.append(Branch(br.parent, br.key, _MISSING, _join(br.attr, seg)))
        branches = nxt
    return branches


def number(value: Any) -> float | None:
    """A number written as a number or a numeric string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:  # an integer beyond any float: as large as a float can say
            return float("inf") if value > 0 else float("-inf")
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _norm(value: Any) -> Any:
    """YAML and HCL spell the same values differently ("true" vs true)."""
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "false"):
            return low == "true"
    return value


def _equal(a: Any, b: Any) -> bool:
    a, b = _norm(a), _norm(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    na, nb = number(a), number(b)
    if na is not None and nb is not None and not (isinstance(a, str) and isinstance(b, str)):
        return na == nb
    return a == b


def _contains(value: Any, needle: Any) -> bool:
    if isinstance(value, str):
        return isinstance(needle, str) and needle in value
    if isinstance(value, (list, tuple)):
        return any(_equal(v, needle) for v in value)
    if isinstance(value, dict):
        return needle in value
    return False


def _is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def _has_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, Unknown) for v in value)
    return False


def _test(op: str, value: Any, operand: Any) -> bool | None:
    """One operator on one present value; None when the value is unknown."""
    if op in ("contains", "not_contains"):
        if _is_unknown(value):
            return UNKNOWN
        found = _contains(value, operand)
        if not found and _has_unknown(value):
            return UNKNOWN
        return found if op == "contains" else not found
    if op == "exists":
        return bool(operand)
    if op == "absent":
        return not operand
    if _is_unknown(value):
        return UNKNOWN
    if op == "equals":
        return _equal(value, operand)
    if op == "not_equals":
        return not _equal(value, operand)
    if op == "in":
        return any(_equal(value, o) for o in operand)
    if op == "not_in":
        return not any(_equal(value, o) for o in operand)
    if op in ("matches", "not_matches"):
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return False if op == "matches" else True
        found = _pattern(operand).search(str(value)) is not None
        return found if op == "matches" else not found
    num = number(value)
    if num is None:
        return False
    return {"gt": num > operand, "ge": num >= operand,
            "lt": num < operand, "le": num <= operand}[op]


def _leaf(cond: dict, node: Any, attr: str) -> tuple[bool | None, list[Hit]]:
    ops = [op for op in _OPERATORS if op in cond]
    has_default = "default" in cond
    hits: list[Hit] = []
    unknown = False
    for br in resolve(node, cond["path"], attr):
        value = br.value
        missing = value is _MISSING
        if missing and has_default:
            value = cond["default"]
        results = []
        for op in ops:
            operand = cond[op]
            if missing and not has_default:
                results.append((op == "absent" and operand) or (op == "exists" and not operand))
            elif op == "absent" and not missing:
                results.append(not operand)
            else:
                results.append(_test(op, value, operand))
        if all(r is True for r in results):
            if missing:
                hits.append(Hit(br.parent, None, attr=br.attr, values={"missing": br.key}))
            else:
                hits.append(Hit(br.parent, br.key, attr=br.attr, values={"value": _show(value)}))
        elif any(r is UNKNOWN for r in results) and not any(r is False for r in results):
            unknown = True
            hits_unknown = Hit(br.parent, br.key, attr=br.attr,
                               values={"value": _show(value)}, unknown=True)
            hits.append(hits_unknown)
    known = [h for h in hits if not h.unknown]
    if known:
        return True, known
    if unknown:
        return UNKNOWN, hits
    return False, []


def _show(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.expr
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        import json

        try:
            return json.dumps(value, default=str)[:200]
        except (TypeError, ValueError):
            return str(value)[:200]
    return str(value)


def evaluate(cond: dict, node: Any, attr: str = "") -> tuple[bool | None, list[Hit]]:
    """(state, hits) of a condition on `node`. Unknown hits carry `unknown=True`."""
    if "all" in cond:
        first_hits: list[Hit] | None = None
        unknown_hits: list[Hit] = []
        state: bool | None = True
        for child in cond["all"]:
            s, h = evaluate(child, node, attr)
            if s is False:
                return False, []
            if s is UNKNOWN:
                state = UNKNOWN
                unknown_hits.extend(h)
            elif h and first_hits is None:
                first_hits = h
        if state is UNKNOWN:
            return UNKNOWN, unknown_hits or [Hit(node, None, attr=attr, unknown=True)]
        return True, first_hits or [Hit(node, None, attr=attr)]
    if "any" in cond:
        hits: list[Hit] = []
        unknown_hits = []
        for child in cond["any"]:
            s, h = evaluate(child, node, attr)
            if s is True:
                hits.extend(h)
            elif s is UNKNOWN:
                unknown_hits.extend(h)
        if hits:
            return True, hits
        if unknown_hits:
            return UNKNOWN, unknown_hits
        return False, []
    if "not" in cond:
        s, h = evaluate(cond["not"], node, attr)
        if s is UNKNOWN:
            return UNKNOWN, h
        return (not s), ([Hit(node, None, attr=attr)] if not s else [])
    if "each" in cond:
        hits = []
        unknown_hits = []
        for br in resolve(node, cond["each"], attr):
            if br.value is _MISSING:
                continue
            items = br.value if isinstance(br.value, list) else [br.value]
            for i, item in enumerate(items):
                item_attr = _join(br.attr, i) if isinstance(br.value, list) else br.attr
                s, h = evaluate(cond["match"], item, item_attr)
                if s is True:
                    hits.extend(h)
                elif s is UNKNOWN:
                    unknown_hits.extend(h)
        if hits:
            return True, hits
        if unknown_hits:
            return UNKNOWN, unknown_hits
        return False, []
    return _leaf(cond, node, attr)

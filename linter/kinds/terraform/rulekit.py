"""Readers of Terraform values for Python rule checks, whatever the provider.

Every reader answers a definite value for what is known and None for what is not, so a
check never passes or fails a value it could not see. Provider knowledge (AWS policy
documents, Azure or Google network rules) stays in the rule packs; this module only
knows HCL shapes: booleans and numbers written as strings, nested blocks (including
`dynamic` blocks), lists, expressions read from their source text.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Mapping
from typing import Any

from ...conditions import number as number  # packs read numbers through the rule kit
from ...model import Hit, Map, Unknown

HCL_BOOLS: Mapping[str, bool] = {"true": True, "false": False}


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def truth(value: Any, words: Mapping[str, bool] = HCL_BOOLS) -> bool | None:
    """A bool written as a bool or as one of `words` ("true"/"false" in HCL); None when
    unknown or of another shape."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and not isinstance(value, Unknown):
        return words.get(value.strip().lower())
    return None


def as_list(value: Any) -> list:
    """A value that may be written as one item or a list of them, as a list."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def list_items(value: Any) -> list:
    """The items of a list value; nothing for any other shape."""
    return value if isinstance(value, list) else []


class DynamicContent(Map):
    """The `content` of a `dynamic` block left as written (not expanded by the
    evaluator): it stands for blocks that exist only if its collection is not empty."""

    def __init__(self, content: Map) -> None:
        super().__init__(content, span=content.span, file=content.file, tag=content.tag)
        self.key_spans = content.key_spans


def blocks(node: Any, name: str) -> list[Map]:
    """Nested blocks `name` of a block: written blocks, `name = [{...}]` attribute lists,
    and the content of `dynamic "name"` blocks left as written (see `is_dynamic`). The
    evaluator expands dynamic blocks itself and tags those whose collection it does not
    know ("name", ("dynamic", "unknown"))."""
    if not isinstance(node, dict):
        return []
    found: list[Map] = []
    value = node.get(name)
    if isinstance(value, Map):
        found.append(value)
    elif isinstance(value, list):
        found.extend(item for item in value if isinstance(item, Map))
    for dyn in list_items(node.get("dynamic")):
        tag = getattr(dyn, "tag", None)
        labels = tag[1] if isinstance(tag, tuple) and len(tag) == 2 else ()
        if not (isinstance(dyn, Map) and labels and labels[0] == name):
            continue
        found.extend(DynamicContent(c) for c in list_items(dyn.get("content")) if isinstance(c, Map))
    return found


def first_block(node: Any, name: str) -> Map | None:
    found = blocks(node, name)
    return found[0] if found else None


def is_dynamic(block: Any) -> bool:
    """A block that exists only if a collection we do not know is not empty."""
    if isinstance(block, DynamicContent):
        return True
    tag = getattr(block, "tag", None)
    return bool(tag and len(tag) > 1 and tuple(tag[1][:2]) == ("dynamic", "unknown"))


def is_every_address(text: str) -> bool:
    """Whether a CIDR range covers every address (0.0.0.0/0, ::/0, 0.0.0.0/0 written
    with host bits); False for anything that is not a CIDR."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False).prefixlen == 0
    except ValueError:
        return False


def shown(value: Any) -> str:
    """How a value is quoted in a message: an unknown value by its expression."""
    return value.expr if isinstance(value, Unknown) else str(value)


def unknown_hit(node: Any, key: Any, attr: str) -> Hit:
    """A rule could not decide because `node[key]` is unknown (listed by --show-unknown,
    never reported as a finding unless the rule asks for it)."""
    value = node.get(key) if isinstance(node, dict) else None
    text = value.expr if isinstance(value, Unknown) else ""
    return Hit(node, key, attr=attr, values={"value": text}, unknown=True)


def require_block_flag(node: Any, block: str, key: str | None = "enabled",
                       default: bool = False) -> Iterator[Hit]:
    """Hits for a nested block that must exist with `key = true`: the resource when the
    block is missing, the entry when it is false. Dynamic blocks and unknown values decide
    nothing."""
    found = blocks(node, block)
    if not found:
        if isinstance(node, dict) and isinstance(node.get(block), Unknown):
            yield unknown_hit(node, block, block)
            return
        yield Hit(node, None, attr=block, values={"missing": block})
        return
    if key is None:
        return
    for index, item in enumerate(found):
        if is_dynamic(item):
            continue
        value = item.get(key, default)
        if isinstance(value, Unknown):
            yield unknown_hit(item, key, f"{block}[{index}].{key}")
        elif truth(value) is False:
            attr = f"{block}[{index}].{key}"
            yield Hit(item, key if key in item else None, attr=attr,
                      values={"value": "false", "missing": key})


# --- expressions whose value is unknown, read from their source text ------------------


def closing_brace(text: str, start: int) -> int:
    """Index of the brace closing the one at `start` (-1 if none)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _unwrapped(source: str) -> str:
    """The expression of a source text written as one `${...}` interpolation."""
    text = source.strip()
    if text.startswith("${") and closing_brace(text, 1) == len(text) - 1:
        text = text[2:-1].strip()
    return text


def _parsed(text: str) -> tuple | None:
    from . import expr

    try:
        return expr.parse(text)
    except Exception:  # whatever the grammar does not cover is simply not read
        return None


def partial_jsonencode(source: str) -> Any:
    """The structure inside `jsonencode({...})` as written (`source`), when its value is
    unknown because some leaves are references: literal leaves are kept, the others are
    `Unknown`. None when the source is not a jsonencode() call."""
    text = _unwrapped(source)
    if not text.startswith("jsonencode("):
        return None
    node = _parsed(text)
    if node is None or node[0] != "call" or node[1] != "jsonencode" or len(node[2]) != 1:
        return None
    return literal_tree(node[2][0])


def partial_object(source: str) -> dict:
    """The literal entries of an object written as `{...}` or `merge(x, {...}, ...)`
    whose value is unknown (some other argument or entry is a reference)."""
    node = _parsed(_unwrapped(source))
    if node is None:
        return {}
    parts = [node] if node[0] == "object" else (
        list(node[2]) if node[0] == "call" and node[1] == "merge" else [])
    out: dict = {}
    for part in parts:
        if part[0] == "object":
            out.update(literal_tree(part))
    return out


def literal_tree(node: tuple) -> Any:
    """The value of a parsed expression with only its literal parts known."""
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "tuple":
        return [literal_tree(item) for item in node[1]]
    if kind == "object":
        out: dict = {}
        for key, value in node[1]:
            if key[0] == "lit" and isinstance(key[1], str):
                out[key[1]] = literal_tree(value)
            elif key[0] == "name":
                out[key[1]] = literal_tree(value)
            else:
                out[f"<unknown key {len(out)}>"] = Unknown("computed key", "key not known statically")
        return out
    if kind == "tmpl" and all(isinstance(p, str) for p in node[1]):
        return "".join(node[1])
    return Unknown(kind, "reference or expression inside jsonencode()")

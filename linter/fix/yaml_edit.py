"""YAML fixes through ruamel.yaml's round-trip mode, spliced into the original text.

ruamel.yaml re-emits whole documents and normalises a few things a file may write its
own way (sequence indentation, spaces before comments, document markers). To keep every
untouched line byte for byte, the edits are made on the round-trip tree, the documents
are dumped twice (as loaded and as edited), and only the lines that differ between the
two dumps are carried into the original text, at the place where the unedited dump
matches it line for line. The spliced text must load to the same data as the edited
tree; anything that cannot be placed that way is refused, never written.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Any

from .edits import AddItem, Delete, Edit, FixError, SetValue

_KEY_ONLY = re.compile(r"^(\s*)(?:-\s+)?[^\s#][^:#]*:\s*(?:#.*)?$")
_ITEM = re.compile(r"^(\s*)-(?:\s|$)")
_KEY = re.compile(r"^(\s*)[^\s#-][^:#]*:(?:\s|$)")


def _indentation(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) most used by the file, for the
    lines ruamel.yaml writes (the untouched ones are never taken from its output)."""
    lines = text.splitlines()
    maps: Counter = Counter()
    offsets: Counter = Counter()
    for i, line in enumerate(lines[:-1]):
        m = _KEY_ONLY.match(line)
        if not m:
            continue
        stripped = line.lstrip()
        base = len(line) - len(stripped)
        if stripped.startswith("-"):
            base += len(stripped) - len(stripped[1:].lstrip())
        nxt = next((x for x in lines[i + 1:] if x.strip() and not x.lstrip().startswith("#")), "")
        item = _ITEM.match(nxt)
        if item:
            offsets[len(item.group(1)) - base] += 1
            continue
        key = _KEY.match(nxt)
        if key and len(key.group(1)) > base:
            maps[len(key.group(1)) - base] += 1
    mapping = maps.most_common(1)[0][0] if maps else 2
    offset = offsets.most_common(1)[0][0] if offsets else 0
    offset = max(0, offset)
    return mapping, offset + 2, offset


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1 << 20
    mapping, sequence, offset = _indentation(text)
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _load(y: Any, text: str) -> list:
    from ruamel.yaml.error import YAMLError

    try:
        return list(y.load_all(text))
    except (YAMLError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise FixError(f"ruamel.yaml cannot read the file: {str(exc).splitlines()[0]}") from None


def _dump(y: Any, docs: list) -> str:
    out = io.StringIO()
    try:
        y.dump_all(docs, out)
    except Exception as exc:  # noqa: BLE001 - ruamel's emitter errors are not one class
        raise FixError(f"ruamel.yaml cannot write the file: {exc}") from None
    return out.getvalue()


def _index(docs: list) -> dict[tuple[int, int, str], Any]:
    """Round-trip containers by 0-based start position (what the scan's spans say)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    found: dict[tuple[int, int, str], Any] = {}
    stack = list(docs)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CommentedMap):
            found.setdefault((node.lc.line, node.lc.col, "map"), node)
            stack.extend(node.values())
        elif isinstance(node, CommentedSeq):
            found.setdefault((node.lc.line, node.lc.col, "seq"), node)
            stack.extend(node)
    return found


def _target(node: Any, index: dict) -> Any:
    span = getattr(node, "span", None)
    if span is None:
        raise FixError("the place to change has no position")
    kind = "map" if isinstance(node, dict) else "seq"
    found = index.get((span.line - 1, span.column - 1, kind))
    if found is None:
        raise FixError(f"no {kind} at line {span.line} column {span.column} in the round-trip tree")
    return found


def _new(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return CommentedMap((k, _new(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_new(v) for v in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _styled(value: Any, old: Any) -> Any:
    """A new string keeps the old one's quoting or block style."""
    if not isinstance(value, str) or not isinstance(old, str) or type(old) is str:
        return _new(value)
    try:
        return type(old)(value)
    except TypeError:
        return _new(value)


def _post_token(node: Any) -> Any:
    """The comment token written after the last entry of a container (the token that
    holds the full-line comments following it), or None."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        last = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
        item = node.ca.items.get(last)
        slot = 2 if isinstance(node, CommentedMap) else 0
        if item and len(item) > slot and item[slot] is not None:
            return item[slot]
        node = node[last]
    return None


def _insert(container: Any, key: Any, value: Any) -> None:
    """Append `key: value`, keeping the comment lines that followed the old last entry
    after the new one (ruamel.yaml attaches them to the entry before)."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    token = _post_token(container)
    container[key] = value
    if token is None or not isinstance(token.value, str):
        return
    cut = token.value.find("\n")
    tail = token.value[cut + 1:] if cut >= 0 else ""
    if not tail.strip():
        return
    token.value = token.value[:cut + 1]
    if isinstance(value, (dict, list)) and len(value):
        child = value
        while isinstance(child, (dict, list)) and len(child):
            last = list(child.keys())[-1] if isinstance(child, dict) else len(child) - 1
            if not isinstance(child[last], (dict, list)):
                break
            child = child[last]
        last = list(child.keys())[-1] if isinstance(child, dict) else len(child) - 1
        slot = 2 if isinstance(child, dict) else 0
        holder = child
    else:
        holder, last, slot = container, key, 2
    items = [None, None, None, None]
    items[slot] = CommentToken("\n" + tail, CommentMark(0), None)
    holder.ca.items[last] = items


def _place(container: Any, key: Any, value: Any, before: tuple) -> None:
    """Insert `key: value` before the first existing key of `before`, else append."""
    keys = list(container.keys())
    for name in before:
        if name in container:
            container.insert(keys.index(name), key, value)
            return
    _insert(container, key, value)


def _descend(node: Any, path: tuple) -> tuple[Any, tuple]:
    """The deepest mapping along `path` that exists, and the keys left (at least one)."""
    for i, key in enumerate(path[:-1]):
        child = node.get(key) if isinstance(node, dict) else None
        if child is None:
            return node, path[i:]
        if not isinstance(child, dict):
            raise FixError(f"{key!r} is not a mapping")
        node = child
    return node, path[-1:]


def _nest(rest: tuple, value: Any) -> Any:
    for key in reversed(rest[1:]):
        value = {key: value}
    return value


def _put(parent: Any, key: Any, value: Any, before: tuple = ()) -> None:
    if not isinstance(parent, dict):
        raise FixError(f"cannot add {key!r} under a {type(parent).__name__}")
    if key in parent:
        parent[key] = value
    else:
        _place(parent, key, value, before)


def _apply(edit: Edit, index: dict) -> None:
    node = _target(edit.node, index)
    if isinstance(edit, SetValue):
        if not edit.path:
            raise FixError("empty path")
        if isinstance(node, list):  # an item of a sequence, replaced in place
            key = edit.path[0]
            if len(edit.path) != 1 or not isinstance(key, int) or not -len(node) <= key < len(node):
                raise FixError("no such list item")
            node[key] = _styled(edit.value, node[key])
            return
        parent, rest = _descend(node, edit.path)
        key = rest[0]
        if len(rest) > 1:
            _put(parent, key, _new(_nest(rest, edit.value)), edit.before)
        elif key in parent:
            old = parent[key]
            if old == edit.value and type(old) is type(edit.value):
                return
            parent[key] = _styled(edit.value, old)
        else:
            _put(parent, key, _new(edit.value), edit.before)
    elif isinstance(edit, AddItem):
        parent, rest = _descend(node, edit.path)
        key = rest[0]
        seq = parent.get(key) if len(rest) == 1 and isinstance(parent, dict) else None
        if seq is None:
            _put(parent, key, _new(_nest(rest, [edit.value])))
        elif not isinstance(seq, list):
            raise FixError(f"{key!r} is not a list")
        elif edit.value not in seq:
            seq.append(_new(edit.value))
    elif isinstance(edit, Delete):
        value = node.get(edit.key) if isinstance(node, dict) else (
            node[edit.key] if isinstance(edit.key, int) and -len(node) <= edit.key < len(node) else None)
        if isinstance(value, (dict, list)):
            raise FixError("a fix only removes single values, never a whole mapping or list")
        if isinstance(node, dict):
            if edit.key not in node:
                return
            _check_comment(node, edit.key, 2)
            del node[edit.key]
        else:
            if not isinstance(edit.key, int) or not -len(node) <= edit.key < len(node):
                raise FixError("no such list item")
            _check_comment(node, edit.key % len(node), 0)
            del node[edit.key]
    else:  # pragma: no cover - Edit is a closed union
        raise FixError(f"unknown edit {edit!r}")


def _check_comment(node: Any, key: Any, slot: int) -> None:
    item = node.ca.items.get(key)
    token = item[slot] if item and len(item) > slot else None
    value = getattr(token, "value", None) or ""
    cut = value.find("\n")
    if cut >= 0 and value[cut + 1:].strip():
        raise FixError("comment lines follow the entry to remove")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _column(line: str) -> int:
    """Where the content of a line starts, after indentation and `- ` item marks."""
    m = re.match(r"^[ ]*(?:-[ ]+)*", line)
    return m.end() if m else 0


def _delta(column: int, at: int, base: list[str], old: list[str], where: dict[int, int]) -> int:
    """How much the file indents the entries next to an insertion more than ruamel.yaml
    does (files mixing sequence styles): the first earlier sibling decides."""
    for i in range(at - 1, -1, -1):
        text = base[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        col = _column(text)
        if col < column and not text.lstrip().startswith("-"):
            return 0
        if col == column and i in where:
            return _column(old[where[i]]) - col
    return 0


def _reindent(lines: list[str], delta: int) -> list[str]:
    if delta == 0:
        return lines
    if delta < 0 and any(line.strip() and len(line) - len(line.lstrip(" ")) < -delta for line in lines):
        return lines
    return [(" " * delta + line) if delta > 0 and line.strip() else
            (line[-delta:] if line.strip() else line) for line in lines]


def _comment_lines(text: str) -> Counter:
    return Counter(line.strip() for line in text.splitlines() if line.lstrip().startswith("#"))


def splice(original: str, before: str, after: str) -> str:
    """Carry the lines that differ between `before` and `after` (two dumps) into
    `original`, where `before` matches it line for line; FixError when it cannot."""
    old = original.splitlines(keepends=True)
    base = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    where: dict[int, int] = {}
    loose: dict[int, int] = {}  # lines ruamel.yaml only re-indented: anchors for new lines
    prev_a = prev_b = 0
    for a, b, size in SequenceMatcher(None, old, base, autojunk=False).get_matching_blocks():
        if a - prev_a == b - prev_b and all(
                old[prev_a + k].strip() == base[prev_b + k].strip() for k in range(a - prev_a)):
            loose.update((prev_b + k, prev_a + k) for k in range(a - prev_a))
        for k in range(size):
            where[b + k] = a + k
        prev_a, prev_b = a + size, b + size
    changes: list[tuple[int, int, list[str]]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, base, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            if any(i not in where for i in range(i1, i2)) or where[i2 - 1] - where[i1] != i2 - i1 - 1:
                raise FixError("the changed lines are written differently in the file")
            start, end = where[i1], where[i2 - 1] + 1
        elif i1 - 1 in where and (i1 not in where or where[i1] == where[i1 - 1] + 1):
            start = end = where[i1 - 1] + 1
        elif i1 in where and (i1 == 0 or i1 - 1 not in where):
            start = end = where[i1]  # the line before was written differently: place before the next
        elif i1 - 1 in loose:
            start = end = loose[i1 - 1] + 1
        else:
            raise FixError("no unchanged line to place the new lines next to")
        lines = new[j1:j2]
        if i2 == i1 and lines:
            lines = _reindent(lines, _delta(_column(lines[0]), i1, base, old, {**loose, **where}))
        changes.append((start, end, lines))
    for start, end, lines in sorted(changes, reverse=True):
        old[start:end] = lines
    return "".join(old)


def apply_yaml(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` made; untouched lines stay byte for byte."""
    if not edits:
        return text
    body = text if text.endswith("\n") else text + "\n"
    y = _yaml(body)
    pristine = _load(y, body)
    docs = _load(y, body)
    index = _index(docs)
    # removals from one list go last and from the end, so that indexes stay right
    removals = sorted((e for e in edits if isinstance(e, Delete) and isinstance(e.key, int)),
                      key=lambda e: -e.key)
    last = {id(e) for e in removals}
    for edit in [e for e in edits if id(e) not in last] + removals:
        _apply(edit, index)
    result = splice(body, _dump(y, pristine), _dump(y, docs))
    if _comment_lines(body) - _comment_lines(result):
        raise FixError("the edit would drop comment lines")
    if _plain(_load(_yaml(result), result)) != _plain(docs):
        raise FixError("the edited lines do not fit the file's layout")
    return result if text.endswith("\n") else result[:-1]

"""YAML with positions: libyaml's fast loader, taught to record where things are.

The mapping and sequence constructors build `Map`/`Seq` and note the span of each entry.
Dialects differ per file kind: GitHub Actions reads `on` as a string (YAML 1.2 booleans),
GitLab CI needs `!reference`, Kubernetes keeps YAML 1.1 like its own loader. Duplicate
keys are recorded (PyYAML keeps the last one silently) so the engine can report them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model import Map, Seq, Span

try:  # libyaml is in every PyYAML wheel; the pure-Python loader is the slow fallback
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

MAX_EXPANDED_NODES = 2_000_000


class YamlError(Exception):
    """A YAML document that cannot be read; `line` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Duplicate:
    key: str
    line: int
    column: int
    first_line: int


@dataclass
class LoadResult:
    documents: list[Any]
    duplicates: list[Duplicate] = field(default_factory=list)


def _span(node: yaml.Node, end: yaml.Node | None = None) -> Span:
    s = node.start_mark
    e = (end or node).end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


def _construct_map(loader: _PositionLoader, node: yaml.MappingNode):
    data = Map(span=_span(node), file=loader.file_name)
    yield data
    own_keys = {id(k) for k, _ in node.value
                if not (isinstance(k, yaml.ScalarNode) and k.tag == "tag:yaml.org,2002:merge")}
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        try:
            hash(key)
        except TypeError:
            raise YamlError("a mapping key must be a plain value, not a list or mapping (an unquoted "
                            "{{ ... }} placeholder?)", key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1) from None
        value = loader.construct_object(value_node, deep=False)
        if id(key_node) in own_keys:
            if key in seen:
                loader.duplicates.append(Duplicate(str(key), key_node.start_mark.line + 1,
                                                   key_node.start_mark.column + 1, seen[key]))
            seen[key] = key_node.start_mark.line + 1
        data[key] = value
        data.key_spans[key] = _span(key_node, value_node)


def _construct_seq(loader: _PositionLoader, node: yaml.SequenceNode):
    data = Seq(span=_span(node), file=loader.file_name)
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=False))
        data.item_spans.append(_span(item))


def _construct_reference(loader: _PositionLoader, node: yaml.Node) -> Seq:
    """GitLab's `!reference [job, key]`: kept as a tagged sequence for the pipeline model."""
    if not isinstance(node, yaml.SequenceNode):
        raise YamlError("!reference expects a list such as [.job, script]",
                        node.start_mark.line + 1, node.start_mark.column + 1)
    data = Seq(span=_span(node), file=loader.file_name, tag="!reference")
    for item in node.value:
        data.append(loader.construct_scalar(item) if isinstance(item, yaml.ScalarNode) else None)
        data.item_spans.append(_span(item))
    return data


def _construct_unknown_tag(loader: _PositionLoader, suffix: str, node: yaml.Node) -> Any:
    """Custom tags (CloudFormation `!Ref`, `!reference`, ...) load as their plain value."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return next(_construct_seq_full(loader, node))
    return next(_construct_map_full(loader, node))


def _construct_seq_full(loader, node):
    gen = _construct_seq(loader, node)
    data = next(gen)
    for _ in gen:
        pass
    yield data


def _construct_map_full(loader, node):
    gen = _construct_map(loader, node)
    data = next(gen)
    for _ in gen:
        pass
    yield data


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = {
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:bool": lambda loader, node: loader.bool_values[node.value.lower()],
    "tag:yaml.org,2002:int": lambda loader, node: _construct_int(loader, node),  # long: a float
    "tag:yaml.org,2002:float": lambda loader, node: loader.construct_yaml_float(node),
}


def _build(loader: _PositionLoader, root: yaml.Node, aliases: bool = True) -> Any:
    """The document of a composed node graph, as located `Map`/`Seq` trees.

    Does what `_construct_map`/`_construct_seq` do through PyYAML's generic constructor
    (positions, duplicate keys, merge keys, shared aliases), without its per-node dispatch
    and generators: plain strings, numbers and booleans are read directly, containers are
    filled from an explicit stack (no recursion). Other tags go to the loader's own
    constructors. Without `aliases` (a text with no `*`), no node is reached twice, so
    none is remembered."""
    memo: dict[int, Any] = {}
    pending: list[tuple[yaml.Node, Any]] = []
    file_name = loader.file_name

    def value_of(node: yaml.Node) -> Any:
        if aliases:
            found = memo.get(id(node))
            if found is not None or id(node) in memo:
                return found
        tag = node.tag
        if tag == _STR and node.__class__ is yaml.ScalarNode:
            out: Any = node.value
        elif tag == _MAP and node.__class__ is yaml.MappingNode:
            out = Map(span=_span(node), file=file_name)
            pending.append((node, out))
        elif tag == _SEQ and node.__class__ is yaml.SequenceNode:
            out = Seq(span=_span(node), file=file_name)
            pending.append((node, out))
        elif tag in _SCALARS and node.__class__ is yaml.ScalarNode:
            out = _SCALARS[tag](loader, node)
        else:
            out = loader.construct_object(node, deep=True)
        if aliases:
            memo[id(node)] = out
        return out

    top = value_of(root)
    while pending:
        node, data = pending.pop()
        if isinstance(data, Seq):
            for item in node.value:
                data.append(value_of(item))
                data.item_spans.append(_span(item))
            continue
        pairs = node.value
        if any(k.tag == _MERGE for k, _ in pairs):
            own_keys = {id(k) for k, _ in pairs if not (isinstance(k, yaml.ScalarNode) and k.tag == _MERGE)}
            loader.flatten_mapping(node)
            pairs = node.value
        else:
            own_keys = None
        seen: dict[Any, int] = {}
        for key_node, value_node in pairs:
            key = value_of(key_node)
            try:
                hash(key)
            except TypeError:
                raise YamlError("a mapping key must be a plain value, not a list or mapping (an unquoted "
                                "{{ ... }} placeholder?)", key_node.start_mark.line + 1,
                                key_node.start_mark.column + 1) from None
            if own_keys is None or id(key_node) in own_keys:
                if key in seen:
                    loader.duplicates.append(Duplicate(str(key), key_node.start_mark.line + 1,
                                                       key_node.start_mark.column + 1, seen[key]))
                seen[key] = key_node.start_mark.line + 1
            data[key] = value_of(value_node)
            data.key_spans[key] = _span(key_node, value_node)
    return top


class _NeedNodes(Exception):
    """Something `_build_events` leaves to the node graph: an alias, a merge key, an
    explicit tag, a key that is not a plain value."""


_MAP_TAGS = (None, "!", _MAP)
_SEQ_TAGS = (None, "!", _SEQ)


def _build_events(loader: _PositionLoader) -> list[Any]:
    """Every document, built straight from libyaml's events: no node graph is made, which
    reads a typical file in about two thirds of the time. Only for what needs no node
    graph (no alias, merge key or explicit tag): otherwise raises `_NeedNodes`, and the
    caller reads the text again through `_build`. Same trees, spans and duplicates."""
    docs: list[Any] = []
    # per open container: [container, key, key start mark, seen keys (maps) or None]
    stack: list[list[Any]] = []
    file_name = loader.file_name
    duplicates = loader.duplicates
    resolve = loader.resolve
    scalar_event, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    while loader.check_event():
        event = loader.get_event()
        cls = event.__class__
        if cls is scalar_event:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
            elif tag.startswith("!"):
                raise _NeedNodes
            if tag == _STR:
                value: Any = event.value
            elif tag == _MERGE:
                raise _NeedNodes
            else:
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
                convert = _SCALARS.get(tag)
                value = convert(loader, node) if convert else loader.construct_object(node, deep=True)
            start, end = event.start_mark, event.end_mark
        elif cls is map_start or cls is seq_start:
            if event.tag not in (_MAP_TAGS if cls is map_start else _SEQ_TAGS):
                raise _NeedNodes
            m = event.start_mark
            span = Span(m.line + 1, m.column + 1, m.line + 1, m.column + 1)  # end set at its end
            stack.append([Map(span=span, file=file_name) if cls is map_start
                          else Seq(span=span, file=file_name), None, None, {} if cls is map_start else None])
            continue
        elif cls is map_end or cls is seq_end:
            value = stack.pop()[0]
            e = event.end_mark
            s0 = value.span
            value.span = Span(s0.line, s0.column, e.line + 1, e.column + 1)
            start, end = None, e
        elif cls is yaml.AliasEvent:
            raise _NeedNodes
        else:  # stream and document start and end
            continue
        if not stack:
            docs.append(value)
            continue
        top = stack[-1]
        box = top[0]
        if top[3] is None:  # a sequence item
            box.append(value)
            box.item_spans.append(value.span if start is None  # a list or mapping: its own span
                                  else Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1))
            continue
        if top[2] is None:  # a key
            if start is None:  # a list or mapping as a key
                raise _NeedNodes
            top[1], top[2] = value, start
            continue
        key, k = top[1], top[2]
        try:
            hash(key)
        except TypeError:
            raise _NeedNodes from None
        seen = top[3]
        if key in seen:
            duplicates.append(Duplicate(str(key), k.line + 1, k.column + 1, seen[key]))
        seen[key] = k.line + 1
        box[key] = value
        box.key_spans[key] = Span(k.line + 1, k.column + 1, end.line + 1, end.column + 1)
        top[1] = top[2] = None
    return docs


class _PositionLoader(_BaseLoader):
    file_name: str | None = None
    _tags: dict[str, str] = {}  # plain scalar -> resolved tag, per dialect (see resolve)

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[Duplicate] = []

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of a plain scalar depends only on its text: remember it. Keys such as
        `name:` and values such as `true` recur thousands of times in a scan, and the
        implicit resolvers are regular expressions run from Python."""
        if kind is yaml.ScalarNode and implicit[0]:
            tags = self._tags
            tag = tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(tags) > 200_000:
                    tags.clear()
                tags[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


def _construct_int(loader: _PositionLoader, node: yaml.ScalarNode) -> Any:
    """An integer; one too long for Python to read (over 4,300 digits) is the float it
    approximates (inf when out of range), never an error."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        text = str(loader.construct_scalar(node)).replace("_", "")
        try:
            return float(text)
        except ValueError:
            raise YamlError("integer too long to read", node.start_mark.line + 1,
                            node.start_mark.column + 1) from None


_PositionLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_PositionLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_PositionLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_PositionLoader.add_multi_constructor("!", _construct_unknown_tag)


class Yaml11Loader(_PositionLoader):
    """Kubernetes and GitLab: YAML 1.1 like their own loaders."""

    _tags: dict[str, str] = {}


class GitLabLoader(Yaml11Loader):
    _tags: dict[str, str] = {}


GitLabLoader.add_constructor("!reference", _construct_reference)


class Yaml12Loader(_PositionLoader):
    """GitHub Actions: only true/false are booleans, so `on:` stays the string "on"."""

    _tags: dict[str, str] = {}


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _PositionLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

LOADERS = {"1.1": Yaml11Loader, "1.2": Yaml12Loader, "gitlab": GitLabLoader}


# Each value read costs ~650 bytes of memory (PyYAML's node graph, then located
# containers): past this many, a file (which IACGATE_MAX_FILE_MB let through) is refused
# before the graph is built, so memory stays bounded whatever the size limit.
MAX_VALUES = 1_000_000
_COUNT_ABOVE = 1 << 20  # smaller texts cannot hold that many values


def _check_size(text: str, loader_cls: type) -> None:
    """Count the parser's events (cheap, no graph): too many values is a YamlError."""
    loader = loader_cls(text)
    count = 0
    try:
        while loader.check_event():
            loader.get_event()
            count += 1
            if count > MAX_VALUES:
                raise YamlError(f"more than {MAX_VALUES:,} values: too large to read within bounded "
                                "memory (split the file)")
    except yaml.YAMLError:
        return  # the real load reports the syntax error with its line
    finally:
        loader.dispose()


# An alias (`*name`, a name of letters, digits, `_` and `-` for libyaml) is written where a
# node starts: after a space, a line start or a flow indicator. Globs (`**/*.md`, `build/*`)
# mostly do not look like one; a text that might hold one gets the full bookkeeping.
_ALIAS_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_ALIAS_AFTER = frozenset(" \t\r\n[{,:")


def _may_alias(text: str) -> bool:
    at = text.find("*")
    while at != -1:
        if text[at + 1:at + 2] in _ALIAS_NAME and (at == 0 or text[at - 1] in _ALIAS_AFTER):
            return True
        at = text.find("*", at + 1)
    return False


def load_all(text: str, dialect: str = "1.1", file_name: str | None = None) -> LoadResult:
    """Every document of `text`, as located trees. Raises YamlError with a line."""
    loader_cls = LOADERS[dialect]
    if len(text) > _COUNT_ABOVE:
        _check_size(text, loader_cls)
    loader = loader_cls(text)
    loader.file_name = file_name
    docs: list[Any] = []
    aliases = _may_alias(text)  # without one, nothing is shared
    try:
        built = False
        # aliases, and (cheaply recognised) merge keys and GitLab's !reference tags need the
        # node graph: go there at once rather than after a partial read from the events
        if not aliases and "<<" not in text and "!reference" not in text:
            try:
                docs, built = _build_events(loader), True
            except _NeedNodes:
                loader.dispose()
                loader = loader_cls(text)
                loader.file_name = file_name
        if not built:
            while loader.check_node():
                docs.append(_build(loader, loader.get_node(), aliases))
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        raise YamlError(problem, (mark.line + 1) if mark else 0,
                        (mark.column + 1) if mark else 0) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0] if str(exc) else "invalid YAML") from None
    except RecursionError:
        raise YamlError("nesting is too deep to read") from None
    finally:
        loader.dispose()
    if aliases:  # without aliases, what a walker visits is what was read: bounded already
        for doc in docs:
            check_expansion(doc)
    return LoadResult(docs, loader.duplicates)


def check_expansion(root: Any, limit: int = MAX_EXPANDED_NODES) -> None:
    """Refuse alias bombs and recursive aliases: what a walker would visit is bounded."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        if done:
            active.discard(key)
            children = node.values() if isinstance(node, dict) else node
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            if total > limit:
                raise YamlError(f"aliases expand to more than {limit:,} nodes (alias bomb?)")
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in active:
            raise YamlError("a recursive alias refers to itself")
        active.add(key)
        stack.append((node, True))
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, False) for c in children if isinstance(c, (dict, list)))

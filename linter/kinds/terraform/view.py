"""`ModuleView`: what a rule sees of the module instance a subject belongs to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from ...model import Subject, Unknown
from .values import ResourceRef

_NAME_KEYS = ("bucket", "name")


class Registry:
    """Every resource and data subject of one scan, by full address, shared by the
    views so that references crossing module boundaries (through variables and
    outputs) still find their resource."""

    def __init__(self) -> None:
        self.resources: list[Subject] = []
        # (root, full address): root modules in different folders are separate
        # configurations, and each may well have its own `aws_s3_bucket.this`
        self.by_address: dict[tuple[str, str], Subject] = {}
        self._types = _TypeIndex()

    def add(self, subject: Subject, root: str = "") -> None:
        if subject.level == "resource":
            self.resources.append(subject)
            self._types.add(subject)
        self.by_address.setdefault((root, subject.resource), subject)

    def of_type(self, resource_type: str) -> list[Subject]:
        """Every resource subject of the scan of that type, in order."""
        return self._types.of_type(resource_type)

    def index(self, resource_type: str, attribute: str) -> RefIndex:
        """Resources of the scan of that type by what their `attribute` refers to."""
        return self._types.index(resource_type, attribute)


class ModuleView:
    """The resource and data subjects of one module instance, with reference lookups.

    Addresses given to `lookup` are local to the instance (`aws_s3_bucket.b`);
    `Subject.resource` carries the full address with the module call path."""

    def __init__(self, prefix: str = "", registry: Registry | None = None, root: str = "") -> None:
        self.prefix = prefix
        self.root = root  # the folder of the root module this instance belongs to
        self.registry = registry if registry is not None else Registry()
        self.resources: list[Subject] = []
        self.data: list[Subject] = []
        self.modules: list[Subject] = []
        self._by_address: dict[str, Subject] = {}
        self._types = _TypeIndex()

    def add(self, subject: Subject, local_address: str) -> None:
        group = {"resource": self.resources, "data": self.data, "module": self.modules}
        if subject.level in group:
            group[subject.level].append(subject)
        if subject.level == "resource":
            self._types.add(subject)
        self._by_address.setdefault(local_address, subject)
        self.registry.add(subject, self.root)

    def lookup(self, address: str) -> Subject | None:
        """The subject with this local address (`aws_s3_bucket.b`, `data.x.y`)."""
        if self.prefix and address.startswith(self.prefix):
            address = address[len(self.prefix):]
        return self._by_address.get(address)

    def find(self, ref: ResourceRef) -> Subject | None:
        """The subject a reference points at, in whichever module it was written."""
        if getattr(ref, "module", self.prefix) == self.prefix:
            return self.lookup(ref.address)
        return self.registry.by_address.get((self.root, ref.full_address))

    def local_address(self, subject: Subject) -> str:
        address = subject.resource
        if self.prefix and address.startswith(self.prefix):
            return address[len(self.prefix):]
        return address

    def of_type(self, resource_type: str) -> list[Subject]:
        """The resource subjects of this instance of that type, in order."""
        return self._types.of_type(resource_type)

    def index(self, resource_type: str, attribute: str) -> RefIndex:
        """This instance's resources of that type by what their `attribute` refers to:
        finding a resource's companions costs a lookup, not a pass over every resource
        (which made checks quadratic in the number of files)."""
        return self._types.index(resource_type, attribute)

    def referencing(self, subject: Subject, resource_type: str,
                    attribute: str = "bucket") -> list[Subject]:
        """Resources of `resource_type` whose `attribute` refers to `subject`: in this
        module by reference or literal name, elsewhere in the scan by reference."""
        names = _names(subject.node, attribute)
        found = []
        for other in self.index(resource_type, attribute).referring(subject.resource, names, self.root):
            if other is not subject and _refers(_attr(other, attribute), subject.resource, names):
                found.append(other)
        here = {id(s) for s in self.of_type(resource_type)}
        for other in self.registry.index(resource_type, attribute).referring(subject.resource, (),
                                                                             self.root):
            if id(other) not in here and _refers(_attr(other, attribute), subject.resource, set()):
                found.append(other)
        return found


class RefIndex:
    """Subjects by the references and literal strings in one attribute (ARN suffixes
    included). `referring` answers a superset of the subjects that refer to a resource,
    in their original order: the caller still decides exactly on that short list."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute
        self.position: dict[int, int] = {}
        self.by_key: dict[tuple[str, ...], list[Subject]] = defaultdict(list)

    def add(self, subject: Subject) -> None:
        self.position[id(subject)] = len(self.position)
        keys: set[tuple[str, ...]] = set()
        root = getattr(subject.context.get("module"), "root", "")
        for leaf in _leaves(_attr(subject, self.attribute)):
            if isinstance(leaf, ResourceRef):  # a reference means a resource of its own root
                keys.add(("ref", root, leaf.full_address))
            elif isinstance(leaf, str):
                keys.add(("name", leaf))
                if leaf.startswith("arn:"):
                    parts = leaf.split(":")
                    keys.update(("name", ":".join(parts[i:])) for i in range(1, len(parts)))
        for key in keys:
            self.by_key[key].append(subject)

    def referring(self, address: str, names: Iterable[str] = (), root: str = "") -> list[Subject]:
        """Subjects whose attribute refers to `address` of the root module `root`, or holds
        one of the literal `names` (names such as bucket names are global: any root)."""
        found: dict[int, Subject] = {}
        for key in [("ref", root, address)] + [("name", n) for n in names]:
            for other in self.by_key.get(key, ()):
                found.setdefault(id(other), other)
        return sorted(found.values(), key=lambda o: self.position[id(o)])


class _TypeIndex:
    """Resource subjects by type, and reference indexes built on first use and kept
    current as subjects are added."""

    def __init__(self) -> None:
        self.types: dict[str, list[Subject]] = defaultdict(list)
        self.indexes: dict[tuple[str, str], RefIndex] = {}

    def add(self, subject: Subject) -> None:
        self.types[subject.type].append(subject)
        for (resource_type, _), index in self.indexes.items():
            if resource_type == subject.type:
                index.add(subject)

    def of_type(self, resource_type: str) -> list[Subject]:
        return list(self.types.get(resource_type, ()))

    def index(self, resource_type: str, attribute: str) -> RefIndex:
        index = self.indexes.get((resource_type, attribute))
        if index is None:
            index = self.indexes[(resource_type, attribute)] = RefIndex(attribute)
            for subject in self.types.get(resource_type, ()):
                index.add(subject)
        return index


def _attr(subject: Subject, attribute: str) -> Any:
    node = subject.node
    return node.get(attribute) if isinstance(node, dict) else None


def _names(node: Any, attribute: str) -> set[str]:
    """Literal names a resource is known by (its `bucket`/`name` values)."""
    out: set[str] = set()
    if not isinstance(node, dict):
        return out
    for key in dict.fromkeys((attribute, *_NAME_KEYS)):
        value = node.get(key)
        if isinstance(value, str) and value and not isinstance(value, Unknown):
            out.add(value)
    return out


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    else:
        yield value


def _refers(value: Any, target: str, names: set[str]) -> bool:
    """Does `value` refer to the resource with full address `target`?"""
    for leaf in _leaves(value):
        if isinstance(leaf, ResourceRef) and leaf.full_address == target:
            return True
        if isinstance(leaf, str) and leaf in names:
            return True
        if isinstance(leaf, str) and leaf.startswith("arn:") and any(
                leaf.endswith(":" + n) or leaf.endswith(":::" + n) for n in names):
            return True
    return False

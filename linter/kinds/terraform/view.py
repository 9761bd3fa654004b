"""`ModuleView`: what a rule sees of the module instance a subject belongs to."""

from __future__ import annotations

from collections.abc import Iterator
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
        self.by_address: dict[str, Subject] = {}

    def add(self, subject: Subject) -> None:
        if subject.level == "resource":
            self.resources.append(subject)
        self.by_address.setdefault(subject.resource, subject)


class ModuleView:
    """The resource and data subjects of one module instance, with reference lookups.

    Addresses given to `lookup` are local to the instance (`aws_s3_bucket.b`);
    `Subject.resource` carries the full address with the module call path."""

    def __init__(self, prefix: str = "", registry: Registry | None = None) -> None:
        self.prefix = prefix
        self.registry = registry if registry is not None else Registry()
        self.resources: list[Subject] = []
        self.data: list[Subject] = []
        self.modules: list[Subject] = []
        self._by_address: dict[str, Subject] = {}

    def add(self, subject: Subject, local_address: str) -> None:
        group = {"resource": self.resources, "data": self.data, "module": self.modules}
        if subject.level in group:
            group[subject.level].append(subject)
        self._by_address.setdefault(local_address, subject)
        self.registry.add(subject)

    def lookup(self, address: str) -> Subject | None:
        """The subject with this local address (`aws_s3_bucket.b`, `data.x.y`)."""
        if self.prefix and address.startswith(self.prefix):
            address = address[len(self.prefix):]
        return self._by_address.get(address)

    def find(self, ref: ResourceRef) -> Subject | None:
        """The subject a reference points at, in whichever module it was written."""
        if getattr(ref, "module", self.prefix) == self.prefix:
            return self.lookup(ref.address)
        return self.registry.by_address.get(ref.full_address)

    def local_address(self, subject: Subject) -> str:
        address = subject.resource
        if self.prefix and address.startswith(self.prefix):
            return address[len(self.prefix):]
        return address

    def referencing(self, subject: Subject, resource_type: str,
                    attribute: str = "bucket") -> list[Subject]:
        """Resources of `resource_type` whose `attribute` refers to `subject`: in this
        module by reference or literal name, elsewhere in the scan by reference."""
        names = _names(subject.node, attribute)
        found = []
        for other in self.resources:
            if other.type == resource_type and other is not subject and _refers(
                    _attr(other, attribute), subject.resource, names):
                found.append(other)
        here = {id(s) for s in self.resources}
        for other in self.registry.resources:
            if other.type == resource_type and id(other) not in here and _refers(
                    _attr(other, attribute), subject.resource, set()):
                found.append(other)
        return found


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

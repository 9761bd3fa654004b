"""What one object of a scan may refer to elsewhere in it: objects by kind, namespace and
name, resolved the way per-environment folders and overlays are laid out.

The same kind/namespace/name is often defined several times in one repository
(`dev/serviceaccount.yaml` and `prod/serviceaccount.yaml`). A reference from a file
resolves to the definition in the same directory, else in the nearest parent directory
that has one; when neither decides (several in that directory, or only in sibling
folders) it is ambiguous, and the rule treats the value as unknown. It is never "the last
one read".
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any


def folder_of(path: str) -> str:
    """The folder of a scanned file, with / separators."""
    return posixpath.dirname(str(path).replace("\\", "/"))


@dataclass
class Resolved:
    """The object a reference resolves to, or why it does not."""

    obj: Any = None
    paths: list[str] = field(default_factory=list)  # every file defining it, when ambiguous

    @property
    def ambiguous(self) -> bool:
        return self.obj is None and len(self.paths) > 1


class ObjectIndex:
    """Objects by (kind, namespace, name), each with the file that defines it."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], list[tuple[str, Any]]] = {}

    def add(self, kind: str, namespace: str, name: str, path: str, obj: Any) -> None:
        self._items.setdefault((kind, namespace, name), []).append((str(path), obj))

    def candidates(self, kind: str, namespace: str, name: str) -> list[tuple[str, Any]]:
        """Definitions in that namespace; when one side leaves the namespace to
        `kubectl -n` or kustomize (""), definitions of that name in any namespace."""
        found = list(self._items.get((kind, namespace, name), ()))
        if not found:
            found = [item for (k, ns, n), items in self._items.items()
                     if k == kind and n == name and (not ns or not namespace) for item in items]
        return found

    def resolve(self, kind: str, namespace: str, name: str, from_path: str) -> Resolved:
        found = self.candidates(kind, namespace, name)
        if not found:
            return Resolved()
        if len(found) == 1:
            return Resolved(found[0][1], [found[0][0]])
        where = folder_of(from_path)
        while True:
            here = [obj for path, obj in found if folder_of(path) == where]
            if len(here) == 1:
                return Resolved(here[0])
            if len(here) > 1:
                break
            parent = folder_of(where) if where not in ("", "/") else None
            if parent is None or parent == where:
                break
            where = parent
        return Resolved(None, sorted({path for path, _ in found}))


def related(a: str, b: str) -> bool:
    """Same folder, or one inside the other (a base and its overlays, a chart's output)."""
    a, b = folder_of(a), folder_of(b)
    return a == b or not a or not b or b.startswith(a + "/") or a.startswith(b + "/")


def workloads_in_scope(cluster: dict, namespace: str, from_path: str) -> list[tuple[str, Any]]:
    """(path, pod template labels) of the namespace's workloads in this scan that live in
    the same folder as `from_path`, a parent or a sub-folder of it."""
    items = (cluster.get("workloads") or {}).get(namespace, ())
    return [(path, labels) for path, labels in items if related(path, from_path)]

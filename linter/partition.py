"""Splitting a scan into parts that can run apart (processes, CI jobs) with the same result.

A *unit* is a set of files that must be evaluated together: each kind says which through
`units(files)` on its face (Terraform: a folder and the local modules it calls; GitHub
Actions and GitLab CI: one repository); a kind without it (Kubernetes) is one unit.
Units are then dealt to parts by size, deterministically: the same files always give the
same parts, whatever order discovery found them in.
"""

from __future__ import annotations

import zlib

from .discovery import SourceFile
from .kinds import kind_module


def units(files: list[SourceFile]) -> list[list[SourceFile]]:
    """The scan's files grouped into units, each sorted by path, units sorted by first path."""
    by_kind: dict[str, list[SourceFile]] = {}
    for f in files:
        by_kind.setdefault(f.kind, []).append(f)
    out: list[list[SourceFile]] = []
    for kind, members in by_kind.items():
        grouping = getattr(kind_module(kind), "units", None)
        if grouping is None:
            out.append(members)
            continue
        pairs = [(str(f.path), f.text or "") for f in members]
        out.extend([members[i] for i in group] for group in grouping(pairs))
    out = [sorted(u, key=lambda f: str(f.path)) for u in out if u]
    return sorted(out, key=lambda u: str(u[0].path))


def size(unit: list[SourceFile]) -> int:
    return sum(len(f.text or "") + 512 for f in unit)


def deal(parts: int, groups: list[list[SourceFile]]) -> list[list[list[SourceFile]]]:
    """`groups` dealt into `parts` bins, largest first to the lightest bin (ties broken by a
    stable hash of the first path), so bins are balanced and the split is reproducible."""
    bins: list[list[list[SourceFile]]] = [[] for _ in range(parts)]
    loads = [0] * parts
    ordered = sorted(groups, key=lambda u: (-size(u), zlib.crc32(str(u[0].path).encode())))
    for unit in ordered:
        target = min(range(parts), key=lambda i: (loads[i], i))
        bins[target].append(unit)
        loads[target] += size(unit)
    return bins

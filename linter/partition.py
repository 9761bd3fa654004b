"""Splitting a scan into parts that can run apart (processes, CI jobs) with the same result.

A *unit* is a set of files that must be evaluated together: each kind says which through
`units(files)` on its face (Terraform: a folder and the local modules it calls; GitHub
Actions and GitLab CI: one repository); a kind without it (Kubernetes) is one unit.
Units are then dealt to parts by size, deterministically: the same files always give the
same parts, whatever order discovery found them in.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TypeVar

from .discovery import SourceFile
from .kinds import kind_module

T = TypeVar("T")


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
    """The expected cost of a unit: its bytes, weighted by what a byte of its kind costs
    to evaluate (a kind's face may say so in `COST_PER_BYTE`; 1 when it does not)."""
    if not unit:
        return 0
    weight = _weight(unit[0].kind)
    return sum(len(f.text or "") + 512 for f in unit) * weight


def _weight(kind: str) -> int:
    if kind not in _WEIGHTS:
        _WEIGHTS[kind] = int(getattr(kind_module(kind), "COST_PER_BYTE", 1))
    return _WEIGHTS[kind]


_WEIGHTS: dict[str, int] = {}


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


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` -> (K, N) with 1 <= K <= N; ValueError with a plain message otherwise."""
    k, sep, n = text.partition("/")
    if not sep or not k.strip().isdigit() or not n.strip().isdigit():
        raise ValueError(f"--shard {text!r}: expected K/N, e.g. 2/3")
    index, count = int(k), int(n)
    if not 1 <= index <= count:
        raise ValueError(f"--shard {text!r}: K must be between 1 and N")
    return index, count


def _mine(path: object, shard: tuple[int, int]) -> bool:
    return zlib.crc32(str(path).encode("utf-8", "surrogatepass")) % shard[1] == shard[0] - 1


def shard(which: tuple[int, int], files: list[SourceFile], errors: list[tuple[Path, str]],
          skipped: list[T]) -> tuple[list[SourceFile], list[tuple[Path, str]], list[T]]:
    """Part K of N: the files of the units dealt to bin K, and the unreadable files and
    skip notes whose path hashes to K (each reported by exactly one shard)."""
    index, count = which
    files = [f for unit in deal(count, units(files))[index - 1] for f in unit]
    errors = [e for e in errors if _mine(e[0], which)]
    skipped = [s for s in skipped if _mine(getattr(s, "path", s), which)]
    return files, errors, skipped

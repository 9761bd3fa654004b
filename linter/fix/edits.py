"""What a fix asks for, independent of the file format that will carry it out.

Nodes are the located containers (`Map`, `Seq`) the parsers built and rules point at;
paths are keys under them. A fix that cannot be applied in place returns a `Refusal`
that says where the value really comes from (a variable, a module input, Helm values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class FixError(Exception):
    """An edit that cannot be carried out on this file; the fix is skipped."""


@dataclass(frozen=True)
class SetValue:
    """`node[path[0]][path[1]]... = value`, creating the mappings (or Terraform blocks)
    on the way; an existing value is replaced in place."""

    node: Any
    path: tuple
    value: Any
    before: tuple = ()  # a new last key goes before the first of these keys that exists


@dataclass(frozen=True)
class Delete:
    """Remove entry `key` of `node` (a mapping key or a sequence index)."""

    node: Any
    key: Any


@dataclass(frozen=True)
class AddItem:
    """Make the sequence at `node[path...]` contain `value` (created when absent)."""

    node: Any
    path: tuple
    value: Any


@dataclass(frozen=True)
class Refusal:
    """Why a finding is not fixed in place, naming what to change instead."""

    reason: str


Edit = SetValue | Delete | AddItem


@dataclass
class FixPlan:
    """The edits for one finding, or the reason there are none."""

    edits: list = field(default_factory=list)
    refusal: str | None = None

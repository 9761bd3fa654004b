"""Plan files (`terraform show -json`) read into located containers.

Kept apart from `plan` (which turns plans into subjects) so that reading a file never
needs the module evaluator.
"""

from __future__ import annotations

from typing import Any

from ...model import Map, Seq
from ...parsers import ParseError


def parse_plan(text: str) -> Map:
    """The plan as plain located containers. JSON is read with `json` (plans run to
    tens of megabytes); positions are found afterwards, per resource (`_Positions`)."""
    import json

    try:
        root = json.loads(text, object_pairs_hook=_map)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise ParseError("nesting is too deep to read", 0, 0) from None
    if not isinstance(root, Map):
        raise ParseError("a Terraform plan file must hold a JSON object", 1, 1)
    return root


def _map(pairs: list[tuple[str, Any]]) -> Map:
    return Map((k, Seq(v) if isinstance(v, list) and not isinstance(v, Seq) else v)
               for k, v in pairs)

"""YAML settings files checked by JSON Schema, with errors that name file, line and key.

The position-recording loader gives every key and item a line, so a schema error on
`rules.GHA005.parms` can say `.iacgate.yaml:7: rules.GHA005: unknown key 'parms'`.
jsonschema is imported here only, when a user's file is actually read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Map, Seq


class SettingsError(Exception):
    """A settings file that cannot be used: exit code 2, message names file:line and key."""

    def __init__(self, path: str, line: int, key: str, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")
        self.path, self.line, self.key = path, line, key


def schema(name: str) -> dict:
    return json.loads((Path(__file__).resolve().parent.parent / "schemas" / name).read_text())


def line_of(root: Any, path: list) -> int:
    """Line of the deepest entry along `path` that the loader located."""
    line = getattr(getattr(root, "span", None), "line", 0) or 0
    node = root
    for part in path:
        span = None
        if isinstance(node, Map) and part in node:
            span = node.key_spans.get(part)
            node = node[part]
        elif isinstance(node, Seq) and isinstance(part, int) and part < len(node):
            span = node.item_spans[part] if part < len(node.item_spans) else None
            node = node[part]
        else:
            break
        if span is not None:
            line = span.line
    return line


def _best_branch_error(err: Any, data: Any) -> Any:
    """For oneOf/anyOf: the branch whose type fits the value, and its shallowest error."""
    depth = len(list(err.absolute_path))
    branches: dict[Any, list] = {}
    for e in err.context:
        branches.setdefault(e.relative_schema_path[0], []).append(e)
    fitting = [errs for errs in branches.values()
               if not any(e.validator == "type" and len(list(e.absolute_path)) == depth for e in errs)]
    pool = (fitting or list(branches.values()))[0]
    return min(pool, key=lambda e: (len(list(e.absolute_path)), line_of(data, list(e.absolute_path))))


def _describe(err: Any) -> tuple[list, str]:
    """The path and a plain message for one jsonschema error."""
    path = list(err.absolute_path)
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})), key=str)
        pattern = err.schema.get("patternProperties")
        if pattern:
            import re

            extra = [k for k in extra if not any(re.search(p, str(k)) for p in pattern)]
        if extra:
            allowed = ", ".join(sorted(err.schema.get("properties", {})))
            return path + [extra[0]], f"unknown key '{extra[0]}'" + (f" (allowed: {allowed})" if allowed else "")
    if err.validator == "required":
        return path, err.message.replace("is a required property", "is required")
    if err.validator == "type":
        wanted = err.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return path, f"expected {wanted}, got {json.dumps(err.instance, default=str)}"
    if err.validator == "pattern":
        return path, f"{err.instance!r} does not have the expected form ({err.validator_value})"
    if err.validator == "enum":
        return path, f"{err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
    return path, err.message


def validate(data: Any, schema_name: str, display: str) -> None:
    """Raise SettingsError for the first (shallowest) schema error."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema(schema_name))
    errors = list(validator.iter_errors(_plain(data)))
    if not errors:
        return
    err = min(errors, key=lambda e: (len(list(e.absolute_path)), line_of(data, list(e.absolute_path))))
    while err.validator in ("oneOf", "anyOf") and err.context:
        err = _best_branch_error(err, data)
    path, message = _describe(err)
    key = key_name(path)
    raise SettingsError(display, line_of(data, path), key, message)


def key_name(path: list) -> str:
    """['rules', 'AWS001', 'params'] -> rules.AWS001.params; [0, 'owner'] -> [0].owner."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _plain(value: Any) -> Any:
    """Dates and other YAML scalars become what JSON Schema can check (dates as text)."""
    import datetime

    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _settings_dialect() -> str:
    """YAML 1.2 scalars, and dates kept as text: the schema and our own date check then
    report a bad date (2026-13-45) with its line instead of a bare conversion error."""
    from ..parsers import yamlpos

    if "settings" not in yamlpos.LOADERS:
        class SettingsLoader(yamlpos.Yaml12Loader):
            pass

        SettingsLoader.yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in yamlpos.Yaml12Loader.yaml_implicit_resolvers.items()
        }
        yamlpos.LOADERS["settings"] = SettingsLoader
    return "settings"


def load_yaml(path: Path, display: str) -> Any:
    """One YAML document with positions; a syntax error names its line."""
    from ..parsers.yamlpos import YamlError, load_all

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SettingsError(display, 0, "", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SettingsError(display, 0, "", f"not UTF-8 text (byte offset {exc.start})") from None
    try:
        docs = load_all(text, _settings_dialect(), file_name=str(path)).documents
    except YamlError as exc:
        raise SettingsError(display, exc.line, "", f"invalid YAML: {exc.message}") from None
    if len(docs) > 1:
        raise SettingsError(display, 0, "", "expected one YAML document")
    return docs[0] if docs else None

"""What the bridge runs: `.iacgate.yaml`'s `checkov:` section, an existing `.checkov.yaml`,
and the command line, in that order of precedence (command line first).

From `.checkov.yaml` only the keys that choose checks are taken (`check`, `skip-check`,
`external-checks-dir`); the others (framework, output, soft-fail, ...) are iacgate's to
decide, and the note printed at each scan says which keys were taken and which were not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECKOV_FILES = (".checkov.yaml", ".checkov.yml")
TAKEN = {"check": "checks", "skip-check": "skip_checks", "external-checks-dir": "external_checks_dirs"}


@dataclass
class CheckovSettings:
    enabled: bool = False
    checks: list[str] = field(default_factory=list)
    skip_checks: list[str] = field(default_factory=list)
    external_checks_dirs: list[str] = field(default_factory=list)
    note: str = ""  # what was taken from .checkov.yaml


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(v).strip() for v in items if str(v).strip()]


def find_checkov_file(folders: list[Path]) -> Path | None:
    for folder in folders:
        for name in CHECKOV_FILES:
            if (folder / name).is_file():
                return folder / name
    return None


def read_checkov_file(path: Path, shown: str) -> tuple[dict[str, list[str]], str]:
    """The check-selecting keys of a `.checkov.yaml` (paths relative to its folder) and a
    note naming what was taken and what was left to iacgate."""
    from ...governance.validate import SettingsError, load_yaml

    data = load_yaml(path, shown) or {}
    if not isinstance(data, dict):
        raise SettingsError(shown, 1, "", "expected a mapping of checkov settings")
    taken: dict[str, list[str]] = {}
    for key, ours in TAKEN.items():
        if key in data:
            values = _ids(data[key])
            if ours == "external_checks_dirs":
                values = [str((path.parent / v).resolve()) if not Path(v).is_absolute() else v
                          for v in values]
            taken[ours] = values
    left = [str(k) for k in data if k not in TAKEN]
    note = f"{shown}: took {', '.join(k for k in TAKEN if k in data) or 'nothing'}"
    if left:
        note += (f"; not used: {', '.join(left)} (iacgate decides files, frameworks, reports "
                 "and the gate)")
    return taken, note


def resolve(section: dict | None, enabled_flag: bool, base: Path, folders: list[Path],
            origin: str) -> CheckovSettings:
    """The effective bridge settings. `section` is `.iacgate.yaml`'s `checkov:` mapping
    (its paths relative to `base`), `folders` where a `.checkov.yaml` is looked for."""
    section = dict(section or {})
    settings = CheckovSettings(enabled=enabled_flag or bool(section.get("enabled")))
    if not settings.enabled:
        return settings
    config_file = section.get("config_file")
    path = (base / config_file) if config_file else find_checkov_file(folders)
    if config_file and not path.is_file():
        from ...governance.validate import SettingsError

        raise SettingsError(origin, 0, "checkov.config_file", f"{config_file}: no such file")
    if path is not None:
        from ...engine import display_path

        taken, settings.note = read_checkov_file(path, display_path(path))
        for key, values in taken.items():
            setattr(settings, key, values)
    for key in ("checks", "skip_checks"):
        if section.get(key) is not None:
            setattr(settings, key, _ids(section[key]))
    if section.get("external_checks_dirs") is not None:
        settings.external_checks_dirs = [str((base / d).resolve()) for d in section["external_checks_dirs"]]
    for folder in settings.external_checks_dirs:
        if not Path(folder).is_dir():
            from ...governance.validate import SettingsError

            raise SettingsError(origin, 0, "checkov.external_checks_dirs",
                                f"{folder}: no such folder")
    return settings

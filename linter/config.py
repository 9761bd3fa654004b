"""`.iacgate.yaml`: the project's gate settings, validated, with where each value came from.

Lookup: `--config FILE`, else `.iacgate.yaml` (or `.yml`) in the current directory, the
scanned folder, or a folder above the current directory up to the repository root. Command-line flags override the file; the file overrides defaults.
Every effective value remembers its origin (`default`, `FILE:LINE`, `command line`) so
`iacgate config show` can say why the gate behaves as it does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .governance.validate import SettingsError, line_of, load_yaml, validate

NAMES = (".iacgate.yaml", ".iacgate.yml")
EXCEPTIONS_NAME = ".iacgate-exceptions.yaml"
DEFAULTS: dict[str, Any] = {
    "outputs": ["text"], "fail_on": "high", "select": [], "ignore": [], "exclude": [], "kinds": [],
    "show_unknown": False, "rule_packs": [], "exceptions": EXCEPTIONS_NAME, "baseline": None,
    "jobs": 0, "terraform": {}, "rules": {}, "exceptions_max_days": 365, "checkov": {},
}
# checkov's ids (CKV_AWS_20, CKV2_K8S_1) and custom policies' may be named under `rules:`
_CHECKOV_ID = re.compile(r"^[A-Z][A-Z0-9]*_[A-Z0-9_]*\d+$")
_PATH_KEYS = ("rule_packs", "exceptions", "baseline")


@dataclass
class Setting:
    value: Any
    origin: str  # "default" | "FILE:LINE" | "command line"


@dataclass
class Config:
    """The effective settings of one run."""

    file: Path | None = None
    values: dict[str, Setting] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key].value

    @property
    def base(self) -> Path:
        """Folder that relative paths in the file are resolved against."""
        return self.file.resolve().parent if self.file else Path.cwd()

    def exceptions_path(self, targets: list[str] = ()) -> Path | None:
        """The register to use; a default-named one only when it exists (beside the
        config file, in the current directory, or in a scanned folder)."""
        setting = self.values["exceptions"]
        path = Path(setting.value)
        if setting.origin == "default":
            for folder in dict.fromkeys([self.base, *search_folders(targets)]):
                if (folder / EXCEPTIONS_NAME).is_file():
                    return folder / EXCEPTIONS_NAME
            return None
        return path


def search_folders(targets: list[str]) -> list[Path]:
    """Where settings files are looked for: the current directory, the scanned folders,
    then the folders above the current directory up to the repository root (`.git`)."""
    cwd = Path.cwd().resolve()
    folders = [cwd] + [Path(t).resolve() for t in targets if t != "-" and Path(t).is_dir()]
    if not (cwd / ".git").exists():
        for parent in cwd.parents:
            folders.append(parent)
            if (parent / ".git").exists():
                break
        else:
            folders = folders[: len(folders) - len(cwd.parents)]  # not in a repository
    return list(dict.fromkeys(folders))


def find(explicit: str | None, targets: list[str]) -> Path | None:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise SettingsError(explicit, 0, "", "configuration file not found")
        return path
    for folder in search_folders(targets):
        for name in NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def _display(path: Path) -> str:
    from .paths import display_path

    return display_path(path)


def load(explicit: str | None, targets: list[str], cli: dict[str, Any]) -> Config:
    """Defaults, then the file, then command-line values (keys with a value not None)."""
    config = Config(values={k: Setting(v, "default") for k, v in DEFAULTS.items()})
    path = find(explicit, targets)
    if path is not None:
        config.file = path
        shown = _display(path)
        data = load_yaml(path, shown)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise SettingsError(shown, line_of(data, []), "", "expected a mapping of settings")
        validate(data, "config.schema.json", shown)
        for key, value in data.items():
            if key == "version":
                continue
            if key in ("select", "ignore") and isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if key in _PATH_KEYS and value is not None:
                value = _resolve(config.base, value)
            if key == "outputs":
                value = [_resolve_report(config.base, v) for v in value]
            if key == "rule_packs":
                for i, folder in enumerate(value):
                    if not Path(folder).is_dir():
                        raise SettingsError(shown, line_of(data, [key, i]), f"{key}[{i}]",
                                            f"rule pack folder {folder} not found")
            if key == "terraform" and value.get("var_files"):
                value = dict(value, var_files=_resolve(config.base, value["var_files"]))
            config.values[key] = Setting(_plain(value), f"{shown}:{line_of(data, [key])}")
    for key, value in cli.items():
        if value is None or (isinstance(value, (list, tuple)) and not value):
            continue
        config.values[key] = Setting(value, "command line")
    return config


def _resolve(base: Path, value: Any) -> Any:
    if isinstance(value, list):
        return [_resolve(base, v) for v in value]
    path = Path(value)
    return str(path if path.is_absolute() else _display(base / path))


def _resolve_report(base: Path, spec: str) -> str:
    """"sarif=out/r.sarif" with the file relative to the config file's folder."""
    for sep in ("=", ":"):
        name, found, dest = spec.partition(sep)
        if found and dest:
            return f"{name}={_resolve(base, dest)}"
    return spec


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def rule_settings(config: Config, known: dict[str, str]) -> tuple[dict, list[str], dict]:
    """(params by rule id, rule ids disabled, severity by rule id) from `rules:`.
    `known` maps id and name -> id; an unknown key is a configuration error."""
    params: dict[str, dict] = {}
    disabled: list[str] = []
    severities: dict[str, str] = {}
    rules = config["rules"] or {}
    origin = config.values["rules"].origin
    for key, spec in rules.items():
        rule_id = known.get(key) or known.get(str(key).upper())
        if rule_id is None and _CHECKOV_ID.match(str(key)):
            rule_id = str(key)  # a checkov check: applies when the bridge runs it
        if rule_id is None:
            raise SettingsError(origin.rsplit(":", 1)[0], _line_in(config, key), f"rules.{key}",
                                "no rule has this id or name (see `iacgate rules list`)")
        if spec.get("params"):
            params[rule_id] = dict(spec["params"])
        if spec.get("enabled") is False:
            disabled.append(rule_id)
        if spec.get("severity"):
            severities[rule_id] = spec["severity"]
    return params, disabled, severities


def _line_in(config: Config, key: str) -> int:
    if config.file is None:
        return 0
    data = load_yaml(config.file, _display(config.file))
    return line_of(data, ["rules", key])


def show(config: Config) -> str:
    """The effective configuration as YAML, each value followed by its origin."""
    head = f"# configuration file: {_display(config.file) if config.file else 'none (defaults)'}"
    lines = [head]
    width = max(len(f"{k}: {json.dumps(s.value)}") for k, s in config.values.items())
    for key, s in config.values.items():
        text = f"{key}: {json.dumps(s.value)}"
        lines.append(f"{text.ljust(min(width, 60))}  # {s.origin}")
    return "\n".join(lines) + "\n"


STARTER = """\
# iacgate configuration (`iacgate config show` prints the effective values).
# Command-line flags override these values; paths are relative to this file.
version: 1

# Lowest severity that fails the gate: info | low | medium | high | critical
fail_on: high

# Reports when the command line asks for none: FORMAT or FORMAT=FILE
# (text, json, sarif, junit, github, gitlab, html); at most one without a file.
outputs: [text]

# Rules to run (empty: all) and to skip: ids (AWS001), names, id prefixes (AWS),
# packs (aws, kubernetes), tags (tag:pss-restricted), kinds (kind:terraform).
select: []
ignore: []

# Paths never scanned (globs relative to the scanned folder).
exclude: []
#  - "examples/*"

# Only these kinds of files (empty: all): terraform, kubernetes, github-actions, gitlab-ci
kinds: []

# List what could not be evaluated statically (unresolved variables, function calls).
show_unknown: false

# Extra rule packs: folders of rule files in the same format as the bundled ones.
rule_packs: []

# Waivers with an owner and an expiry date (see `iacgate init --exceptions`).
exceptions: .iacgate-exceptions.yaml
# Furthest expiry an exception may have, in days from the day of the scan.
exceptions_max_days: 365

# Fail only on findings that are not in this baseline (`iacgate baseline create`).
# baseline: .iacgate-baseline.json

# Terraform variable values used to resolve expressions.
# terraform:
#   var_files: [envs/prod.tfvars]
#   vars: {environment: prod}

# checkov's checks and your checkov policies inside the gate (pip install "iacgate[checkov]").
# checkov:
#   enabled: true
#   skip_checks: [CKV_AWS_18]
#   external_checks_dirs: [policies/]

# Per-rule settings, keyed by rule id or name: params, severity, enabled.
rules: {}
#  GHA005:
#    params: {allowed_owners: [my-org]}
#  K8S010:
#    severity: high
#  AWS001:
#    enabled: false
"""

EXCEPTIONS_STARTER = """\
# iacgate exceptions register: accountable waivers. Protect this file with CODEOWNERS.
# Each entry: rule (id or name), path (glob, relative to this file; ** crosses folders),
# resource (optional, as shown in findings), reason, owner, expires (YYYY-MM-DD), ticket.
# From the day after `expires` the entry no longer waives and the scan reports it.
exceptions: []
#  - rule: AWS001
#    path: legacy/website/*.tf
#    resource: aws_s3_bucket.site
#    reason: public website bucket, content is public by design
#    owner: web-team@example.com
#    expires: 2026-12-31
#    ticket: SEC-123
"""


def init(folder: Path, exceptions: bool = False) -> tuple[list[Path], list[Path]]:
    """Write the starter files that are missing, never overwriting one: (written, kept).
    `init --exceptions` next to an existing config adds just the register."""
    targets = [(folder / NAMES[0], STARTER)]
    if exceptions:
        targets.append((folder / EXCEPTIONS_NAME, EXCEPTIONS_STARTER))
    def present(path: Path) -> Path | None:  # a config under its other name counts too
        names = NAMES if path.name in NAMES else (path.name,)
        return next((folder / n for n in names if (folder / n).exists()), None)

    existing = [found for found in (present(p) for p, _ in targets) if found is not None]
    if len(existing) == len(targets):
        names = " and ".join(_display(p) for p in existing)
        verb = "already exists" if len(existing) == 1 else "already exist"
        raise SettingsError(names, 0, "", f"{verb}; not overwriting")
    written = []
    for path, text in targets:
        if present(path) is None:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written, existing

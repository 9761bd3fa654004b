"""Rule packs: YAML files on disk, with an optional sibling Python check.

The loader finds files; there is no registry and nothing registers itself at import.
Bundled packs are checked against `schemas/rule.schema.json` by the test suite; packs a
user adds are checked at load time (that is when jsonschema is imported, not before).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import Severity
from .rulebundle import cached_data, packs_root, shipped_folder

PACK_KINDS = {
    "aws": "terraform", "gcp": "terraform", "azure": "terraform",
    "kubernetes": "kubernetes", "github-actions": "github-actions", "gitlab-ci": "gitlab-ci",
}
_FILE_NAME = re.compile(r"^([A-Z][A-Z0-9]{1,5}[0-9]{3})-([a-z0-9-]+)\.ya?ml$")
_REQUIRED = ("id", "name", "title", "severity", "confidence", "target", "message",
             "rationale", "remediation")


class RuleError(Exception):
    """A rule file that cannot be used; the message names the file and the field."""


@dataclass
class Rule:
    id: str
    name: str
    title: str
    severity: Severity
    confidence: str
    kind: str
    levels: tuple[str, ...]
    types: frozenset[str] | None
    match: dict | None
    message: str
    rationale: str
    remediation: str
    references: tuple[str, ...]
    tags: tuple[str, ...]
    suppressible: bool
    on_unknown: str
    params: dict
    pack: str
    source: Path
    check_file: Path | None = None
    checkov: tuple[str, ...] = ()
    absent: dict | None = None
    fix: dict | None = None  # `fix:` of the rule file (linter/fix reads it)
    _check: Callable | None = field(default=None, repr=False)
    _module: Any = field(default=None, repr=False)

    def applies_to(self, kind: str, level: str, type_: str) -> bool:
        if kind != self.kind:
            return False
        if self.levels and level not in self.levels:
            return False
        return self.types is None or type_ in self.types

    def _python(self) -> Any:
        """The rule's Python file (check and/or fix), imported on first use."""
        if self._module is None:
            source = self.check_file or self.source.with_suffix(".py")
            spec = importlib.util.spec_from_file_location(f"iacgate_rule_{self.id}", source)
            if spec is None or spec.loader is None:
                raise RuleError(f"{source}: cannot import")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self._module = module
        return self._module

    @property
    def check(self) -> Callable:
        """The Python check, imported on first use."""
        if self._check is None:
            assert self.check_file is not None
            fn = getattr(self._python(), "check", None)
            if not callable(fn):
                raise RuleError(f"{self.check_file}: defines no function 'check(subject, params)'")
            self._check = fn
        return self._check

    @property
    def fixer(self) -> Callable:
        """The rule's `fix(subject, hit, params)` function (`fix: {python: true}`)."""
        fn = getattr(self._python(), "fix", None)
        if not callable(fn):
            raise RuleError(f"{self.source.with_suffix('.py')}: defines no function "
                            "'fix(subject, hit, params)'")
        return fn

    @property
    def fix_safety(self) -> str:
        """"safe", "unsafe", or "" when the rule has no fix."""
        return str((self.fix or {}).get("safety", "")) if self.fix else ""

    def details(self) -> str:
        """Extra text for `rules explain` from a Python check's optional `details(params)`
        (e.g. the data a rule ships with, and its date); empty when it has none."""
        if self.check_file is None:
            return ""
        fn = getattr(self._python(), "details", None)
        return str(fn(dict(self.params))) if callable(fn) else ""


def load_sibling(check_file: str, filename: str) -> Any:
    """A rule pack's shared library `filename` (e.g. `_policies.py`) next to a check,
    imported once per file and shared through `sys.modules`: checks are loaded by path,
    not as a package, so they cannot import their pack's library by name."""
    import sys

    path = Path(check_file).with_name(filename).resolve()
    name = f"iacgate_pack_{path.parent.name}_{path.stem.lstrip('_')}_{abs(hash(str(path)))}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise RuleError(f"{path}: cannot import")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    return module


def bundled_rules_dir() -> Path:
    """`rules/` of a source checkout, or the copy installed inside the package."""
    root = packs_root()
    if root is not None:
        return root
    here = Path(__file__).resolve().parent
    raise RuleError(f"the bundled rule packs are missing (looked in {here / 'rulepacks'})")


def bundled_fixtures_dir() -> Path | None:
    return shipped_folder("rulefixtures", "fixtures")


def rule_files(root: Path, packs: Iterable[str] | None = None) -> list[Path]:
    """Rule YAML files under `root`, optionally only those of some packs (folders)."""
    files: list[Path] = []
    dirs = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if any(root.glob("*.y*ml")):
        dirs = [root] + dirs
    for d in dirs:
        if packs is not None and d != root and d.name not in packs:
            continue
        files.extend(sorted(p for p in d.glob("*.y*ml") if _FILE_NAME.match(p.name)))
    return files


_CACHE: dict[tuple, Rule] = {}


def load_rule(path: Path, pack: str, validate: bool = False) -> Rule:
    """One rule file; cached by path and modification time within a process."""
    try:
        key = (str(path), path.stat().st_mtime_ns, pack, validate)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    rule = _load_rule(path, pack, validate)
    if key is not None:
        _CACHE[key] = rule
    return rule


def _load_rule(path: Path, pack: str, validate: bool = False) -> Rule:
    try:
        raw = path.read_bytes()
        data = cached_data(path, raw)
        if data is None:
            data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise RuleError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: a rule file must hold a mapping")
    if validate:
        validate_rule_data(data, path)
    for key in _REQUIRED:
        if key not in data:
            raise RuleError(f"{path}: missing required field '{key}'")
    if ("match" in data) == ("check" in data):
        raise RuleError(f"{path}: exactly one of 'match' or 'check: python' is required")
    m = _FILE_NAME.match(path.name)
    if not m or m.group(1) != data["id"] or m.group(2) != data["name"]:
        raise RuleError(f"{path}: file name must be '{data.get('id')}-{data.get('name')}.yaml' "
                        "(field 'id' and 'name')")
    try:
        severity = Severity.parse(str(data["severity"]))
    except KeyError:
        raise RuleError(f"{path}: field 'severity': unknown value {data['severity']!r}") from None
    target = data["target"]
    if not isinstance(target, dict) or "kind" not in target:
        raise RuleError(f"{path}: field 'target' needs a 'kind'")
    level = target.get("level") or ()
    levels = (level,) if isinstance(level, str) else tuple(level)
    types = target.get("types")
    check_file = None
    fix = data.get("fix")
    if fix is not None and (not isinstance(fix, dict) or fix.get("safety") not in ("safe", "unsafe")):
        raise RuleError(f"{path}: field 'fix': needs 'safety: safe' or 'safety: unsafe'")
    if fix and fix.get("python") and not path.with_suffix(".py").is_file():
        raise RuleError(f"{path}: field 'fix': python fix {path.with_suffix('.py').name} not found")
    if "check" in data:
        check_file = path.with_suffix(".py")
        if not check_file.is_file():
            raise RuleError(f"{path}: field 'check': python check {check_file.name} not found")
    return Rule(
        id=data["id"], name=data["name"], title=data["title"], severity=severity,
        confidence=data["confidence"], kind=target["kind"], levels=levels,
        types=frozenset(types) if types else None, match=data.get("match"),
        message=str(data["message"]).strip(), rationale=str(data["rationale"]).strip(),
        remediation=str(data["remediation"]).strip(), references=tuple(data.get("references") or ()),
        tags=tuple(data.get("tags") or ()), suppressible=bool(data.get("suppressible", True)),
        on_unknown=data.get("on_unknown", "ignore"), params=dict(data.get("params") or {}),
        pack=pack, source=path, check_file=check_file,
        checkov=tuple(data.get("checkov") or ()), absent=data.get("absent"), fix=fix,
    )


def validate_rule_data(data: Any, path: Path) -> None:
    """Full JSON Schema validation, with the failing field named."""
    import json

    import jsonschema

    schema = json.loads((Path(__file__).parent / "schemas" / "rule.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = min(errors, key=lambda e: len(list(e.absolute_path)))
        field_path = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        raise RuleError(f"{path}: field '{field_path}': {err.message}")


def load_rules(extra_dirs: Iterable[Path] = (), kinds: Iterable[str] | None = None,
               validate_extra: bool = True) -> list[Rule]:
    """Bundled rules (only the packs for `kinds` when given) plus extra packs."""
    root = bundled_rules_dir()
    packs = None
    if kinds is not None:
        wanted = set(kinds)
        packs = [p for p, k in PACK_KINDS.items() if k in wanted]
    rules: list[Rule] = []
    for path in rule_files(root, packs):
        rules.append(load_rule(path, path.parent.name))
    for extra in extra_dirs:
        extra = Path(extra)
        if not extra.is_dir():
            raise RuleError(f"{extra}: rule pack folder not found")
        for path in rule_files(extra):
            rule = load_rule(path, extra.name if path.parent == extra else path.parent.name,
                             validate=validate_extra)
            if kinds is None or rule.kind in set(kinds):
                rules.append(rule)
    seen: dict[str, Path] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{rule.source}: field 'id': {rule.id} is already used by {seen[rule.id]}")
        seen[rule.id] = rule.source
    return rules


class RuleIndex:
    """The rules that can apply to a subject, by (kind, level, type), in rule order.

    Built lazily: a scan meets a few hundred distinct (kind, level, type) triples, and each
    is answered from a dict afterwards, so a subject is offered only its rules instead of
    every rule of the scan."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules = list(rules)
        self._by_key: dict[tuple[str, str, str], list[Rule]] = {}

    def for_subject(self, kind: str, level: str, type_: str) -> list[Rule]:
        key = (kind, level, type_)
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = [r for r in self._rules if r.applies_to(kind, level, type_)]
        return found


def select_rules(rules: list[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Keep rules named by `select` (all when empty), minus those named by `ignore`.
    A token is an id (AWS001), a name, an id prefix (AWS), a pack (aws, pack:aws),
    or a tag (tag:pss-restricted)."""
    select = [s for s in select if s]
    ignore = [s for s in ignore if s]
    out = [r for r in rules if not select or any(_names(r, t) for t in select)]
    return [r for r in out if not any(_names(r, t) for t in ignore)]


def _names(rule: Rule, token: str) -> bool:
    token = token.strip()
    if token.startswith("tag:"):
        return token[4:] in rule.tags
    if token.startswith("pack:"):
        return rule.pack == token[5:]
    if token.startswith("kind:"):
        return rule.kind == token[5:]
    up = token.upper()
    return (rule.id == up or rule.name == token or rule.pack == token
            or (up[:1].isalpha() and up.isalnum() and rule.id.startswith(up)
                and rule.id[len(up):].isdigit()))


def unmatched(rules: Iterable[Rule], tokens: Iterable[str]) -> list[str]:
    """The selector tokens that name none of `rules` (a typo must not select nothing)."""
    rules = list(rules)
    return [t for t in tokens if t.strip() and not any(_names(r, t) for r in rules)]

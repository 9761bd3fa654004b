"""From the scanned Terraform documents to resolved subjects.

Files are grouped by folder (a module is every `.tf` file of one directory). Folders
that another scanned folder calls as a local module are evaluated through those calls,
with the call's arguments, and their resources are named with the call path; the other
folders are root modules, with variables from tfvars files and the command line.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Document, Map, Seq, Subject, Unknown
from ...parsers.terraform import HclError, parse_hcl, parse_tfvars_json
from .. import Problem
from .module import (
    MAX_EXPANSION,
    MAX_MODULE_DEPTH,
    META_ARGS,
    Instance,
    ModuleSource,
    is_local_source,
    iteration_envs,
    module_dir,
    note,
    read_module,
    read_siblings,
    var_type,
)
from .view import ModuleView, Registry

MAX_INSTANCES = 256  # module instances per scan before count/for_each stay unknown


def _dir_of(path: str) -> str:
    return os.path.normpath(os.path.dirname(os.path.abspath(path))) if not path.startswith(
        "<") else os.path.normpath(os.path.abspath("."))


def _auto_tfvars(name: str) -> bool:
    return name in ("terraform.tfvars", "terraform.tfvars.json") or name.endswith(
        (".auto.tfvars", ".auto.tfvars.json"))


class Loader:
    """Module sources by folder, root variable values, child module instances."""

    def __init__(self, docs: list[Document], options: dict) -> None:
        self.options = options
        self.notes = options.get("notes")
        self.sources: dict[str, ModuleSource] = {}
        self._disk: dict[str, ModuleSource | None] = {}
        self._noted: set[tuple[str, str]] = set()
        self.instantiated: set[str] = set()
        self.registry = Registry()
        self.created = 0
        for doc in docs:
            directory = _dir_of(doc.path)
            source = self.sources.setdefault(directory, ModuleSource(directory))
            name = os.path.basename(doc.path).lower()
            if doc.meta.get("vars_file"):
                if _auto_tfvars(name):
                    source.tfvars.append(doc)
            else:
                source.docs.append(doc)
        scanned = {os.path.normpath(os.path.realpath(d.path)) for d in docs
                   if not d.path.startswith("<")}
        for source in self.sources.values():
            real = [d for d in source.docs if not d.path.startswith("<")]
            if real and options.get("folder_context", True):
                read_siblings(source, scanned)
            source.tfvars.sort(key=lambda d: (not os.path.basename(d.path).startswith(
                "terraform.tfvars"), os.path.basename(d.path)))
        self.extra_vars = self._command_line_vars()

    def _command_line_vars(self) -> list[tuple[str, Any, bool]]:
        """(name, raw value, is_cli_string) from --var-file then --var, in order."""
        out: list[tuple[str, Any, bool]] = []
        for path in self.options.get("var_files") or []:
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
                blocks = parse_tfvars_json(text) if path.endswith(".json") else parse_hcl(text)
            except (OSError, UnicodeDecodeError, HclError) as exc:
                note(self.notes, path, f"cannot read the variables file: {exc}")
                continue
            for block in blocks:
                if isinstance(block, Map) and block.tag == ("attributes", ()):
                    out.extend((k, v, False) for k, v in block.items())
        for name, value in (self.options.get("vars") or {}).items():
            out.append((name, value, True))
        return out

    # -- instances ------------------------------------------------------------------

    def root(self, source: ModuleSource) -> Instance:
        inputs: dict[str, Any] = {}
        holder: dict[str, Instance] = {}

        def later(raw: Any, cli: bool, name: str) -> Any:
            def thunk() -> Any:
                inst = holder["inst"]
                if cli:
                    return _cli_value(raw, inst.variables.get(name), inst)
                return inst.value(raw)
            return thunk

        for doc in source.tfvars:
            for block in doc.root:
                if isinstance(block, Map):
                    for k, v in block.items():
                        inputs[k] = later(v, False, k)
        for name, raw, cli in self.extra_vars:
            inputs[name] = later(raw, cli, name)
        inst = Instance(source, "", inputs, self)
        holder["inst"] = inst
        return inst

    def child(self, parent: Instance, call: str) -> Instance | None:
        """The instance whose outputs `module.<call>.x` reads (with several instances,
        one whose count.index/each.* are unknown)."""
        found = self.children(parent, call, expand=False)
        return found[0] if found else None

    def children(self, parent: Instance, call: str, expand: bool = True) -> list[Instance]:
        """Every instance of a local module call (one per known count/for_each element,
        up to 16), each evaluated with its own arguments."""
        found = [b for b, _ in parent.source.blocks("module") if b.tag[1] == (call,)]
        if not found:
            return []
        block = found[0]
        source_text = block.get("source")
        if not is_local_source(source_text):
            key = (parent.source.dir, call)
            if key not in self._noted:
                self._noted.add(key)
                doc_path = _block_path(parent.source, block)
                note(self.notes, doc_path, f"module.{call}: source {source_text!r} is not a local "
                     "folder; its resources are not checked and its outputs are unknown",
                     block.span.line if block.span else 0)
            return []
        directory = module_dir(parent.source.dir, source_text)
        if parent.depth >= MAX_MODULE_DEPTH or directory in parent.chain:
            return []
        source = self.sources.get(directory)
        if source is None:
            if directory not in self._disk:
                self._disk[directory] = read_module(directory)
                if self._disk[directory] is not None:
                    note(self.notes, _block_path(parent.source, block),
                         f"module.{call}: read {source_text} from disk (not among the scanned "
                         "paths)", block.span.line if block.span else 0)
            source = self._disk[directory]
        if source is None:
            note(self.notes, _block_path(parent.source, block),
                 f"module.{call}: folder {source_text} not found", block.span.line if block.span else 0)
            return []
        envs = meta_envs(block, parent)
        if not envs:
            return []
        if len(envs) > 1 and (not expand or self.created + len(envs) > MAX_INSTANCES):
            envs = [_unknown_env(block)]
        self.created += len(envs)
        self.instantiated.add(directory)
        out = []
        for env in envs:
            inputs = {k: (lambda raw=v, env=env: parent.value(raw, env)) for k, v in block.items()
                      if k not in META_ARGS and not _is_blocks(v)}
            out.append(Instance(source, f"{parent.prefix}module.{call}.", inputs, self,
                                parent.depth + 1, parent.chain))
        return out

    def root_dir(self, inst: Instance) -> str:
        return os.path.relpath(inst.chain[0]) if inst.chain else "."

    def called_dirs(self) -> dict[str, set[str]]:
        """Scanned folders that another scanned folder calls as a local module, with
        the folders calling them."""
        called: dict[str, set[str]] = {}
        for directory, source in self.sources.items():
            for block, _doc in source.blocks("module"):
                text = block.get("source")
                if is_local_source(text):
                    target = module_dir(directory, text)
                    if target != directory and target in self.sources:
                        called.setdefault(target, set()).add(directory)
        return called


def _block_path(source: ModuleSource, block: Map) -> str:
    for doc in source.docs:
        if any(b is block for b in doc.root):
            return doc.path
    return source.dir


def _cli_value(raw: str, block: Map | None, inst: Instance) -> Any:
    """`--var name=value`: a string for string variables, else an HCL expression."""
    type_text = var_type(block) if block is not None else ""
    if type_text in ("", "string"):
        return raw
    value = inst.evaluator.text("${" + raw + "}")
    return raw if isinstance(value, Unknown) and type_text in ("bool", "number") else value


def _unknown_env(block: Map) -> dict[str, Any]:
    if "count" in block:
        return {"count": {"index": Unknown("count.index", "count has several instances")}}
    reason = "for_each has several or unknown instances"
    return {"each": {"key": Unknown("each.key", reason), "value": Unknown("each.value", reason)}}


def meta_envs(block: Map, inst: Instance) -> list[dict[str, Any]]:
    """The environments (count.index / each.*) the block's instances are evaluated
    with: none when Terraform creates no instance (count = 0, empty for_each), one
    with unknown values when the count or collection is not known."""
    if "count" in block:
        count = inst.value(block["count"])
        if isinstance(count, bool):
            count = int(count)
        if isinstance(count, (int, float)) and math.isfinite(count):  # 1e309 is no count
            n = int(count)
            if n <= 0:
                return []
            if n <= MAX_EXPANSION:
                return [{"count": {"index": i}} for i in range(n)]
        return [_unknown_env(block)]
    if "for_each" in block:
        collection = inst.value(block["for_each"])
        if isinstance(collection, (list, tuple)) and not _contains_unknown(collection):
            # a set of strings: each.key and each.value are both the element
            collection = {str(v): v for v in collection}
        return iteration_envs(collection, "each", {}, "each.value")
    return [{}]


def unresolved(value: Any) -> Any:
    """A located copy with every expression unknown (the fallback when evaluation
    cannot proceed)."""
    if isinstance(value, str) and value.startswith("${"):
        return Unknown(value[2:-1] if value.endswith("}") else value, "not evaluated")
    if isinstance(value, Map):
        out = Map(span=value.span, file=value.file, tag=value.tag)
        out.key_spans = dict(value.key_spans)
        out.update({k: unresolved(v) for k, v in value.items()})
        return out
    if isinstance(value, Seq):
        seq = Seq(span=value.span, file=value.file, tag=value.tag)
        seq.item_spans = list(value.item_spans)
        seq.extend(unresolved(v) for v in value)
        return seq
    return value


def _instances(envs: list[dict[str, Any]]) -> int | None:
    """How many instances the block has, None when count/for_each is not known."""
    for env in envs:
        for meta in ("count", "each"):
            if meta in env and any(isinstance(v, Unknown) for v in env[meta].values()):
                return None
    return len(envs)


def _contains_unknown(values: Any) -> bool:
    return any(isinstance(v, Unknown) for v in values)


def _canon(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True, default=repr)
    except ValueError:  # an integer too long to write out (4,300+ digits): never deduplicated
        return f"<distinct {id(value)}>"


def distinct(nodes: list[Any]) -> list[Any]:
    """The instances of a block that differ (identical ones are checked once)."""
    seen: set[str] = set()
    out = []
    for node in nodes:
        key = _canon(node)
        if key not in seen:
            seen.add(key)
            out.append(node)
    return out


_LEVELS = {"resource": ("resource", 2), "data": ("data", 2), "module": ("module", 1),
           "provider": ("provider", 1)}


def instance_subjects(inst: Instance) -> Iterator[Subject]:
    """Subjects of one module instance (all resolved before the first is yielded, so
    that `ModuleView` is complete), then those of its local child modules."""
    view = ModuleView(inst.prefix, inst.loader.registry, root=inst.chain[0])
    out: list[Subject] = []
    for doc in inst.source.docs:
        for block in doc.root:
            if not isinstance(block, Map) or not block.tag or block.tag[0] not in _LEVELS:
                continue
            block_type, labels = block.tag
            level, nlabels = _LEVELS[block_type]
            if len(labels) != nlabels:
                continue
            if block_type in ("resource", "data"):
                local = (f"{labels[0]}.{labels[1]}" if block_type == "resource"
                         else f"data.{labels[0]}.{labels[1]}")
                type_name = labels[0]
            elif block_type == "module":
                local, type_name = f"module.{labels[0]}", "module"
            else:
                local, type_name = f"provider.{labels[0]}", labels[0]
            try:
                envs = meta_envs(block, inst) if block_type != "provider" else [{}]
                if not envs:
                    continue
                nodes = distinct([inst.resolve(block, env, block.span) for env in envs])
            except RecursionError:
                # pathological nesting: the file is a parse error (never a quiet unknown);
                # the block is still checked with every expression unknown
                line = block.span.line if block.span else 0
                problems = inst.loader.options.get("problems")
                if problems is not None:
                    problems.append((doc.path, Problem(
                        "IAC001", f"{inst.prefix}{local}: values nested or referenced too deeply "
                        "to evaluate", line or 1, 1, attr=f"{inst.prefix}{local}")))
                note(inst.loader.notes, doc.path, f"{inst.prefix}{local}: values nested too "
                     "deeply to evaluate", line)
                envs = [{}]
                nodes = [unresolved(block)]
            for node in nodes:
                subject = Subject("terraform", level, type_name, inst.prefix + local, node,
                                  doc.path, {"block": block, "module": view,
                                             "instances": _instances(envs)})
                view.add(subject, local)
                out.append(subject)
    yield from out
    for block, _doc in inst.source.blocks("module"):
        if len(block.tag[1]) == 1:
            for child in inst.loader.children(inst, block.tag[1][0]):
                yield from instance_subjects(child)


def subjects(docs: list[Document], options: dict, skip: set[str] | None = None) -> Iterator[Subject]:
    """Resolved subjects of every scanned folder (`skip`: folders checked another way,
    through a plan file)."""
    loader = Loader(docs, options)
    skip = skip or set()
    callers = loader.called_dirs()
    called = set(callers) | skip
    groups: dict[tuple, list[Subject]] = {}

    def collect(inst: Instance) -> None:
        for subject in instance_subjects(inst):
            block = subject.context["block"]
            groups.setdefault((subject.path, block.span, subject.resource), []).append(subject)

    for directory in sorted(loader.sources):
        if directory in called or not loader.sources[directory].docs:
            continue
        collect(loader.root(loader.sources[directory]))
    # modules whose calls created no instance (count = 0...) are still checked on their
    # own, unless a plan file covers every folder calling them
    for directory in sorted(called - loader.instantiated - skip):
        if callers.get(directory, set()) <= skip:
            continue
        collect(loader.root(loader.sources[directory]))
    for group in groups.values():
        seen: set[str] = set()
        for subject in group:
            key = _canon(subject.node)
            if key not in seen:
                seen.add(key)
                yield subject


def _is_blocks(value: Any) -> bool:
    """Nested blocks (a `Seq` of tagged block `Map`s), not a list-valued argument."""
    return isinstance(value, Seq) and bool(value) and all(
        isinstance(item, Map) and getattr(item, "tag", None) for item in value)

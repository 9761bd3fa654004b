"""Module instances: one directory of `.tf` files evaluated with its input values.

A root instance takes its variables from `--var`, `--var-file`, `*.auto.tfvars` and
`terraform.tfvars` (as Terraform does); a local module call creates a child instance
whose variables are the call's arguments, evaluated in the caller. Locals, variables and
module outputs are evaluated lazily, once, with cycle detection.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Diagnostic, Document, Map, Seq, Span, Unknown
from ...parsers.terraform import Expr
from .evaluate import EvalError, Evaluator, Scope, _step
from .values import ResourceRef

MAX_MODULE_DEPTH = 8
MAX_READ_BYTES = 512 * 1024
META_ARGS = {"source", "version", "count", "for_each", "providers", "depends_on"}
_PENDING = object()


@dataclass
class ModuleSource:
    """The files of one directory: configuration blocks and auto-loaded tfvars."""

    dir: str
    docs: list[Document] = field(default_factory=list)
    tfvars: list[Document] = field(default_factory=list)
    # files of the folder that are not part of the scan: their variables and locals
    # only (a scan of some files of a module still sees the module's defaults)
    context: list[Document] = field(default_factory=list)

    def blocks(self, block_type: str) -> list[tuple[Map, Document]]:
        return [(b, d) for d in self.docs for b in d.root
                if isinstance(b, Map) and b.tag and b.tag[0] == block_type]


def is_local_source(source: Any) -> bool:
    return isinstance(source, str) and not isinstance(source, Expr) and (
        source.startswith("./") or source.startswith("../") or source in (".", ".."))


def var_type(block: Map) -> str:
    raw = block.get("type")
    if not isinstance(raw, str):
        return ""
    text = raw[2:-1] if raw.startswith("${") and raw.endswith("}") else raw
    return text.strip()


def convert(value: Any, type_text: str) -> Any:
    """Terraform's conversion of a value to a variable's declared type: primitives,
    and object attributes declared `optional(type, default)` that the value leaves out."""
    if not type_text or type_text == "any":
        return value
    try:
        from .expr import parse

        tree = parse(type_text)
    except Exception:  # noqa: BLE001 - an unreadable type converts nothing
        return value
    return _convert(value, tree)


def _convert(value: Any, tree: tuple) -> Any:
    if isinstance(value, Unknown) or value is None:
        return value
    kind = tree[0]
    if kind == "name":
        return _primitive(value, tree[1])
    if kind != "call" or not tree[2]:
        return value
    name, args = tree[1], tree[2]
    if name in ("list", "set") and isinstance(value, list):
        return [_convert(v, args[0]) for v in value]
    if name == "map" and isinstance(value, dict):
        return {k: _convert(v, args[0]) for k, v in value.items()}
    if name == "tuple" and isinstance(value, list) and args[0][0] == "tuple":
        types = args[0][1]
        return [_convert(v, types[i]) if i < len(types) else v for i, v in enumerate(value)]
    if name == "object" and isinstance(value, dict) and args[0][0] == "object":
        out = dict(value)
        for key_node, attr_type in args[0][1]:
            key = key_node[1] if key_node[0] == "lit" else key_node[1] if key_node[0] == "name" else None
            if not isinstance(key, str):
                continue
            optional = attr_type[0] == "call" and attr_type[1] == "optional" and attr_type[2]
            inner = attr_type[2][0] if optional else attr_type
            if key in out:
                out[key] = _convert(out[key], inner)
            elif optional:
                default = None
                if len(attr_type[2]) > 1:
                    from .evaluate import Evaluator, Scope

                    default = Evaluator(Scope()).eval(attr_type[2][1], {})
                out[key] = _convert(default, inner)
        return out
    return value


def _primitive(value: Any, type_name: str) -> Any:
    if type_name == "bool" and isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    if type_name == "number" and isinstance(value, str):
        try:
            f = float(value)
            return int(f) if f.is_integer() else f
        except ValueError:
            return value
    if type_name == "string" and isinstance(value, bool):
        return "true" if value else "false"
    if type_name == "string" and isinstance(value, (int, float)):
        return str(value)
    return value


class Instance(Scope):
    """One module instance: a source directory + input values + an address prefix."""

    def __init__(self, source: ModuleSource, prefix: str, inputs: dict[str, Callable[[], Any]],
                 loader: Any, depth: int = 0, chain: tuple[str, ...] = ()) -> None:
        self.source = source
        self.prefix = prefix
        self.inputs = inputs
        self.loader = loader
        self.depth = depth
        self.chain = chain + (source.dir,)
        self.evaluator = Evaluator(self)
        self.variables: dict[str, Map] = {}
        for block, _doc in source.blocks("variable"):
            if block.tag[1]:
                self.variables[block.tag[1][0]] = block
        self.local_raw: dict[str, Any] = {}
        for block, _doc in source.blocks("locals"):
            self.local_raw.update(block)
        for doc in source.context:
            for block in doc.root:
                if not isinstance(block, Map) or not block.tag:
                    continue
                if block.tag[0] == "variable" and block.tag[1]:
                    self.variables.setdefault(block.tag[1][0], block)
                elif block.tag[0] == "locals":
                    for key, value in block.items():
                        self.local_raw.setdefault(key, value)
        self.outputs: dict[str, Any] = {}
        for block, _doc in source.blocks("output"):
            if block.tag[1]:
                self.outputs[block.tag[1][0]] = block.get("value")
        self.resource_names: set[str] = set()
        for block, _doc in source.blocks("resource"):
            if len(block.tag[1]) == 2:
                self.resource_names.add(block.tag[1][0])
        self._vars: dict[str, Any] = {}
        self._locals: dict[str, Any] = {}
        self._children: dict[str, Instance | None] = {}

    # -- values ---------------------------------------------------------------------

    def value(self, raw: Any, env: dict[str, Any] | None = None) -> Any:
        """The plain value of something written in a block (nested maps kept)."""
        if isinstance(raw, Expr):
            return self.evaluator.text(raw, env)
        if isinstance(raw, dict):
            return {k: self.value(v, env) for k, v in raw.items()}
        if isinstance(raw, list):
            return [self.value(v, env) for v in raw]
        return raw

    def var(self, name: str) -> Any:
        cached = self._vars.get(name, None)
        if cached is _PENDING:
            return Unknown(f"var.{name}", "the variable refers to itself")
        if name in self._vars:
            return cached
        self._vars[name] = _PENDING
        self._vars[name] = value = self._var(name)
        return value

    def _var(self, name: str) -> Any:
        block = self.variables.get(name)
        type_text = var_type(block) if block is not None else ""
        if name in self.inputs:
            value = convert(self.inputs[name](), type_text)
            keep_default = (value is None and block is not None and "default" in block
                            and block.get("nullable") is False)
            if not keep_default:
                return value
        if block is None:
            return Unknown(f"var.{name}", f"variable {name} is not declared")
        if "default" in block:
            return convert(self.value(block["default"]), type_text)
        return Unknown(f"var.{name}", f"variable {name} has no default and no value was given")

    def local(self, name: str) -> Any:
        if name not in self.local_raw:
            raise EvalError(f"no attribute {name!r}: local.{name} is not defined")
        cached = self._locals.get(name)
        if cached is _PENDING:
            return Unknown(f"local.{name}", "the local value refers to itself")
        if name in self._locals:
            return cached
        self._locals[name] = _PENDING
        self._locals[name] = value = self.value(self.local_raw[name])
        return value

    def child(self, name: str) -> Instance | None:
        if name not in self._children:
            self._children[name] = None
            self._children[name] = self.loader.child(self, name)
        return self._children[name]

    def traverse(self, root: str, ops: list[tuple[str, Any]], text: Any) -> Any:
        txt = text if callable(text) else (lambda: text)
        names = [o[1] for o in ops]
        if root == "var" and names:
            value = self.var(str(names[0]))
            rest = ops[1:]
        elif root == "local" and names:
            value = self.local(str(names[0]))
            rest = ops[1:]
        elif root == "module" and names:
            call = str(names[0])
            child = self.child(call)
            if child is None:
                return Unknown(txt(), f"outputs of module {call} are not known (not a local module)")
            if len(ops) >= 3 and ops[1][0] == "index" and ops[2][0] == "attr":
                # module.x[0].out / module.x["k"].out: the instance's own count.index /
                # each.* stay unknown, the rest of the output is known
                ops = [ops[0]] + ops[2:]
            if len(ops) < 2 or ops[1][0] != "attr":
                return Unknown(txt(), f"module {call} as a whole is not evaluated")
            out = str(ops[1][1])
            if out not in child.outputs:
                raise EvalError(f"no attribute {out!r}: module {call} has no output {out}")
            value = child.value(child.outputs[out])
            rest = ops[2:]
        elif root == "data" and len(names) >= 2:
            attr = next((str(o[1]) for o in ops[2:] if o[0] == "attr"), "")
            return ResourceRef(txt(), f"data.{names[0]}.{names[1]}", attr, self.prefix)
        elif root == "path" and names:
            if names[0] == "module":
                return self.source.dir
            if names[0] in ("root", "cwd"):
                return self.loader.root_dir(self)
            return Unknown(txt(), "unknown path attribute")
        elif root in ("count", "each"):
            return Unknown(txt(), f"{root} is used outside a block with {root}")
        elif root == "self":
            return Unknown(txt(), "self refers to the resource's own values after apply")
        elif root == "terraform":
            return Unknown(txt(), "the workspace is chosen at run time")
        elif "_" in root and names and ops[0][0] == "attr":
            attr = next((str(o[1]) for o in ops[1:] if o[0] == "attr"), "")
            return ResourceRef(txt(), f"{root}.{names[0]}", attr, self.prefix)
        else:
            return Unknown(txt(), f"{root} is not known statically")
        for op in rest:
            value = _step(value, op[1], txt)
        return value

    def function(self, name: str, args: list[Any], text: str) -> Any:
        """`file`/`templatefile`/`fileexists` on files inside the module's or the root
        module's folder (never outside: a scan only reads what it was pointed at)."""
        if not args or not isinstance(args[0], str):
            return Unknown(text, f"{name}() needs a path")
        path = self._inside(args[0])
        if name == "fileexists":
            return path is not None and path.is_file()
        if path is None or not path.is_file():
            return Unknown(text, f"{args[0]} is not a readable file of the module")
        try:
            if path.stat().st_size > MAX_READ_BYTES:
                return Unknown(text, f"{args[0]} is too large to evaluate")
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return Unknown(text, f"{args[0]} cannot be read")
        if name == "file":
            return content
        env = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
        return self.evaluator.render(content, dict(env))

    def _inside(self, name: str) -> Path | None:
        base = Path(self.loader.root_dir(self)) if not os.path.isabs(name) else Path("/")
        path = (base / name).resolve()
        for folder in (self.source.dir, self.chain[0]):
            try:
                path.relative_to(Path(folder).resolve())
                return path
            except ValueError:
                continue
        return None

    # -- resolved blocks ------------------------------------------------------------

    def resolve(self, raw: Any, env: dict[str, Any], span: Span | None) -> Any:
        """A located copy of a block or value, expressions replaced by their values,
        null attributes dropped (Terraform treats them as unset), dynamic blocks
        expanded into the nested blocks they generate."""
        if isinstance(raw, Expr):
            return located(self.evaluator.text(raw, env), span)
        if isinstance(raw, Map):
            out = Map(span=raw.span, file=raw.file, tag=raw.tag)
            top = raw.tag is not None and raw.tag[0] in ("resource", "data", "module")
            for key, value in raw.items():
                kspan = raw.key_spans.get(key, raw.span)
                if top and key in RAW_META:
                    out[key] = _as_written(value)
                    out.key_spans[key] = kspan
                    continue
                if key == "dynamic" and raw.tag is not None and isinstance(value, Seq):
                    self._dynamic(out, value, env)
                    continue
                resolved = self.resolve(value, env, kspan)
                if resolved is None:
                    continue
                if key in out and isinstance(out[key], Seq) and isinstance(resolved, Seq):
                    out[key].extend(resolved)
                    out[key].item_spans.extend(resolved.item_spans)
                    continue
                out[key] = resolved
                out.key_spans[key] = kspan
            return out
        if isinstance(raw, Seq):
            seq = Seq(span=raw.span, file=raw.file, tag=raw.tag)
            for i, item in enumerate(raw):
                ispan = raw.item_spans[i] if i < len(raw.item_spans) else raw.span
                seq.append(self.resolve(item, env, ispan))
                seq.item_spans.append(ispan)
            return seq
        return raw

    def _dynamic(self, out: Map, dynamics: Seq, env: dict[str, Any]) -> None:
        for dyn in dynamics:
            if not isinstance(dyn, Map) or not dyn.tag or not dyn.tag[1]:
                continue
            name = dyn.tag[1][0]
            iterator = dyn.get("iterator") or name
            if isinstance(iterator, str) and iterator.startswith("${"):
                iterator = iterator[2:-1].strip()
            collection = self.evaluator.text(dyn["for_each"], env) if isinstance(
                dyn.get("for_each"), Expr) else self.value(dyn.get("for_each"), env)
            contents = dyn.get("content")
            content = contents[0] if isinstance(contents, Seq) and contents else None
            if not isinstance(content, Map):
                continue
            known = isinstance(collection, (dict, list, tuple)) and len(collection) <= MAX_EXPANSION
            marker = ("dynamic",) if known else ("dynamic", "unknown")
            for item_env in iteration_envs(collection, str(iterator), env, f"{name}.value"):
                block = self.resolve(content, item_env, content.span)
                block.span = dyn.span
                block.tag = (name, marker)
                if name not in out or not isinstance(out[name], Seq):
                    out[name] = Seq(span=dyn.span)
                    out.key_spans[name] = dyn.span
                out[name].append(block)
                out[name].item_spans.append(dyn.span)


MAX_EXPANSION = 16
# meta-arguments that name things rather than compute values: kept as written
RAW_META = {"provider", "providers", "depends_on", "lifecycle"}


def _as_written(value: Any) -> Any:
    if isinstance(value, Expr):
        text = str(value)
        return text[2:-1] if text.startswith("${") and text.endswith("}") else text
    if isinstance(value, Map):
        out = Map(span=value.span, file=value.file, tag=value.tag)
        out.key_spans = dict(value.key_spans)
        out.update({k: _as_written(v) for k, v in value.items()})
        return out
    if isinstance(value, Seq):
        seq = Seq(span=value.span, file=value.file, tag=value.tag)
        seq.item_spans = list(value.item_spans)
        seq.extend(_as_written(v) for v in value)
        return seq
    return value


def iteration_envs(collection: Any, var: str, env: dict[str, Any], label: str) -> list[dict]:
    """One environment per element of a known collection (a dynamic block's
    for_each), none for an empty one, one with unknown key/value otherwise."""
    if isinstance(collection, dict):
        items = list(collection.items())
    elif isinstance(collection, (list, tuple)):
        items = list(enumerate(collection))
    elif collection is None:
        return []
    else:
        items = None
    if items is not None and len(items) <= MAX_EXPANSION:
        return [{**env, var: {"key": k, "value": v}} for k, v in items]
    reason = "the collection it iterates is not known" if items is None else "too many elements"
    unknown = {"key": Unknown(f"{label.split('.')[0]}.key", reason),
               "value": Unknown(label, reason)}
    if isinstance(collection, ResourceRef) and not collection.attribute:
        # for_each = aws_s3_bucket.b: each.value is (an instance of) that resource
        unknown["value"] = ResourceRef(label, collection.address, "", collection.module)
    return [{**env, var: unknown}]


def located(value: Any, span: Span | None) -> Any:
    """A computed value as located containers, every entry at the attribute's span."""
    if isinstance(value, dict) and not isinstance(value, Map):
        out = Map(span=span)
        for k, v in value.items():
            if v is None:
                continue
            out[k] = located(v, span)
            if span is not None:
                out.key_spans[k] = span
        return out
    if isinstance(value, (list, tuple)) and not isinstance(value, Seq):
        seq = Seq(span=span)
        for v in value:
            seq.append(located(v, span))
            seq.item_spans.append(span)
        return seq
    return value


def module_dir(parent_dir: str, source: str) -> str:
    return os.path.normpath(os.path.join(parent_dir, source))


def read_siblings(source: ModuleSource, scanned: set[str]) -> None:
    """Add the folder's other `.tf` files (context) and auto-loaded tfvars that the scan
    does not include, so that scanning one file of a module sees its variables."""
    from ...parsers import ParseError
    from .files import parse as parse_file

    folder = Path(source.dir)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    have_tfvars = {os.path.basename(d.path).lower() for d in source.tfvars}
    for f in entries:
        name = f.name.lower()
        is_config = name.endswith((".tf", ".tf.json"))
        is_auto = name in ("terraform.tfvars", "terraform.tfvars.json") or name.endswith(
            (".auto.tfvars", ".auto.tfvars.json"))
        if not (is_config or is_auto) or f.is_symlink() or not f.is_file():
            continue
        if os.path.normpath(str(f.resolve())) in scanned or (is_auto and name in have_tfvars):
            continue
        try:
            if f.stat().st_size > MAX_READ_BYTES:
                continue
            parsed = parse_file(str(f), f.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ParseError, RecursionError):
            continue
        (source.context if is_config else source.tfvars).extend(parsed.documents)


def read_module(directory: str) -> ModuleSource | None:
    """A module folder that is not part of the scan, read from disk (never written,
    never downloaded)."""
    from ...parsers import ParseError
    from .files import parse as parse_file

    path = Path(directory)
    if not path.is_dir():
        return None
    source = ModuleSource(directory)
    for f in sorted(path.iterdir()):
        if f.is_symlink() or not f.is_file() or not f.name.endswith((".tf", ".tf.json")):
            continue
        try:
            parsed = parse_file(str(f), f.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ParseError, RecursionError):
            continue
        source.docs.extend(parsed.documents)
    return source


def note(notes: list | None, path: str, message: str, line: int = 0) -> None:
    if notes is not None:
        from ...paths import display_path

        notes.append(Diagnostic(display_path(path), message, line))

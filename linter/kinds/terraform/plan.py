"""`terraform show -json` plan (and state) files, checked with the same rules.

Planned values become subjects shaped like resolved configuration blocks. When the
configuration of the plan is part of the scan, each resource points at its block in the
`.tf` file (each attribute at its own line, computed ones at the resource header);
otherwise at the resource's entry in the plan file. Values Terraform only knows after
apply are `Unknown`; one that comes from a reference to another resource is a
`ResourceRef`, so cross-resource rules work on plans too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

from ...model import Document, Map, Seq, Span, Subject, Unknown
from .module import is_local_source, note
from .values import ResourceRef
from .view import ModuleView, Registry

_INDEX = re.compile(r"\[[^\]]*\]$")


class _Positions:
    """Lines of resources (their `"address"` entry) and of their top-level values in
    the plan's text, found on demand."""

    _ADDRESS = re.compile(r'"address"\s*:\s*"((?:[^"\\]|\\.)*)"')

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[str, int] = {}
        self.order: list[int] = []
        for m in self._ADDRESS.finditer(text):
            address = m.group(1).replace('\\"', '"')
            self.starts.setdefault(address, m.start())
            self.order.append(m.start())
        self.order.sort()
        self._newlines: list[int] | None = None

    def line(self, offset: int) -> int:
        import bisect

        if self._newlines is None:
            self._newlines = [i for i, c in enumerate(self.text) if c == "\n"]
        return bisect.bisect_left(self._newlines, offset) + 1

    def resource(self, address: str) -> tuple[Span, dict[str, Span]]:
        start = self.starts.get(address)
        if start is None:
            return Span(1, 1, 1, 1), {}
        import bisect

        i = bisect.bisect_right(self.order, start)
        end = self.order[i] if i < len(self.order) else len(self.text)
        line = self.line(start)
        keys: dict[str, Span] = {}
        values_at = self.text.find('"values"', start, end)
        if values_at >= 0:
            for m in re.finditer(r'\n\s*"([^"]+)"\s*:', self.text[values_at:end]):
                key_line = self.line(values_at + m.start() + 1)
                keys.setdefault(m.group(1), Span(key_line, 1, key_line, 1))
        return Span(line, 1, line, 1), keys


def _place(node: Any, span: Span, keys: dict[str, Span] | None = None) -> None:
    """Give a plan-only node positions: top-level values at their own line, the rest
    at the line of the value they belong to."""
    if isinstance(node, Map):
        node.span = span
        for key, value in node.items():
            kspan = (keys or {}).get(key, span)
            node.key_spans[key] = kspan
            _place(value, kspan)
    elif isinstance(node, Seq):
        node.span = span
        node.item_spans = [span] * len(node)
        for item in node:
            _place(item, span)


def _dir_of(path: str) -> str:
    return os.path.normpath(os.path.dirname(os.path.abspath(path)))


def _config_blocks(config: list[Document]) -> dict[str, dict[tuple[str, str, str], tuple[Map, str]]]:
    """folder -> (mode, type, name) -> (block, file)."""
    out: dict[str, dict[tuple[str, str, str], tuple[Map, str]]] = {}
    for doc in config:
        if doc.meta.get("vars_file") or not isinstance(doc.root, list):
            continue
        blocks = out.setdefault(_dir_of(doc.path), {})
        for block in doc.root:
            if isinstance(block, Map) and block.tag and block.tag[0] in ("resource", "data") \
                    and len(block.tag[1]) == 2:
                mode = "managed" if block.tag[0] == "resource" else "data"
                blocks.setdefault((mode, block.tag[1][0], block.tag[1][1]), (block, doc.path))
            elif isinstance(block, Map) and block.tag and block.tag[0] == "module" \
                    and len(block.tag[1]) == 1:
                blocks.setdefault(("module", block.tag[1][0], ""), (block, doc.path))
    return out


def _kept(items: Any, keep: Any) -> Seq:
    """The entries of a list that `keep` accepts (spans kept); anything else -> []."""
    out = Seq(span=getattr(items, "span", None))
    if not isinstance(items, list):
        return out
    spans = getattr(items, "item_spans", [])
    for i, item in enumerate(items):
        if keep(item):
            out.append(item)
            out.item_spans.append(spans[i] if i < len(spans) else None)
    return out


def _named(fields: tuple[str, ...]) -> Any:
    return lambda item: isinstance(item, dict) and all(
        isinstance(item.get(f), str) for f in fields if f in item or f in ("type", "name"))


def _clean_module(module: Any, config: bool) -> None:
    if not isinstance(module, dict):
        return
    module["resources"] = _kept(module.get("resources"), _named(("address", "mode", "type", "name")))
    for res in module["resources"]:
        if not config and not isinstance(res.get("values"), (dict, type(None))):
            res["values"] = Map()
    if config:
        calls = module.get("module_calls")
        module["module_calls"] = Map((k, v) for k, v in calls.items()
                                     if isinstance(k, str) and isinstance(v, dict)) \
            if isinstance(calls, dict) else Map()
        for call in module["module_calls"].values():
            if not isinstance(call.get("module"), (dict, type(None))):
                call["module"] = None
            _clean_module(call.get("module"), True)
    else:
        module["child_modules"] = _kept(module.get("child_modules"), lambda m: isinstance(m, dict))
        for child in module["child_modules"]:
            _clean_module(child, False)


def clean(root: Any) -> None:
    """Drop what `terraform show -json` never writes (a resource whose address or type is
    not a string, a module that is not an object): a hand-edited or corrupted plan is
    checked for what it does say, never a crash. Idempotent."""
    if not isinstance(root, dict) or root.get("_cleaned") is True:
        return
    for key in ("planned_values", "values", "prior_state"):
        if key in root and not isinstance(root[key], dict):
            root[key] = None
    for values in (root.get("planned_values"), root.get("values")):
        if isinstance(values, dict):
            if not isinstance(values.get("root_module"), (dict, type(None))):
                values["root_module"] = None
            _clean_module(values.get("root_module"), False)
    root["resource_changes"] = _kept(root.get("resource_changes"), lambda c: isinstance(c, dict)
                                     and isinstance(c.get("address", ""), str)
                                     and isinstance(c.get("change"), (dict, type(None))))
    configuration = root.get("configuration")
    if not isinstance(configuration, dict):
        root["configuration"] = Map()
    elif not isinstance(configuration.get("root_module"), (dict, type(None))):
        configuration["root_module"] = None
    else:
        _clean_module(configuration.get("root_module"), True)
    root["_cleaned"] = True


def _walk_modules(module: Any) -> Iterator[Any]:
    if not isinstance(module, dict):
        return
    yield module
    for child in module.get("child_modules") or []:
        yield from _walk_modules(child)


def _module_path(address: str) -> list[str]:
    """`module.a["x"].module.b.aws_s3_bucket.c[0]` -> ["a", "b"]."""
    parts = re.findall(r'module\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.', address)
    return parts


def _config_module(configuration: Any, calls: list[str]) -> Any:
    module = configuration.get("root_module") if isinstance(configuration, dict) else None
    for call in calls:
        if not isinstance(module, dict):
            return None
        module = ((module.get("module_calls") or {}).get(call) or {}).get("module")
    return module


def _root_dir(plan: Document, resources: list[Any], folders: dict) -> str | None:
    """The scanned folder whose blocks best match the plan's root module (its
    resources and module calls)."""
    wanted = {(r.get("mode"), r.get("type"), r.get("name")) for r in resources
              if isinstance(r, dict) and not _module_path(str(r.get("address", "")))}
    wanted |= {("module", str(m), "") for m in _root_calls(plan.root, resources)}
    best, best_score = None, 0
    own = _dir_of(plan.path)
    for folder, blocks in folders.items():
        score = len(wanted & set(blocks)) + (0.5 if folder == own else 0)
        if score > best_score and (wanted & set(blocks)):
            best, best_score = folder, score
    return best


def _root_calls(root: Any, resources: list[Any]) -> set[str]:
    configuration = root.get("configuration") if isinstance(root, dict) else None
    module = configuration.get("root_module") if isinstance(configuration, dict) else None
    calls = set((module or {}).get("module_calls") or {}) if isinstance(module, dict) else set()
    for res in resources:
        path = _module_path(str(res.get("address", ""))) if isinstance(res, dict) else []
        if path:
            calls.add(path[0])
    return calls


def _module_dir(root: str | None, configuration: Any, calls: list[str]) -> str | None:
    if root is None:
        return None
    folder = root
    module = configuration.get("root_module") if isinstance(configuration, dict) else None
    for call in calls:
        spec = (module or {}).get("module_calls", {}).get(call) if isinstance(module, dict) else None
        source = spec.get("source") if isinstance(spec, dict) else None
        if not is_local_source(source):
            return None
        folder = os.path.normpath(os.path.join(folder, source))
        module = spec.get("module")
    return folder


def _refs(expressions: Any, key: str, module: str = "") -> ResourceRef | None:
    expr = expressions.get(key) if isinstance(expressions, dict) else None
    refs = expr.get("references") if isinstance(expr, dict) else None
    for ref in refs or []:
        if not isinstance(ref, str) or ref.startswith(("var.", "local.", "module.", "each.",
                                                        "count.", "path.", "self")):
            continue
        parts = ref.split(".")
        if parts[0] == "data" and len(parts) >= 3:
            return ResourceRef(ref, ".".join(parts[:3]), parts[3] if len(parts) > 3 else "", module)
        if len(parts) >= 2:
            return ResourceRef(ref, _INDEX.sub("", ".".join(parts[:2])),
                               parts[2] if len(parts) > 2 else "", module)
    return None


def _values(values: Any, unknown: Any, expressions: Any, address: str, module: str = "") -> Map:
    """Planned values with nulls dropped and after-apply values made unknown."""
    out = Map(span=getattr(values, "span", None))
    if isinstance(values, Map):
        out.key_spans = dict(values.key_spans)
    keys = list(values or {}) if isinstance(values, dict) else []
    if isinstance(unknown, dict):
        keys += [k for k, v in unknown.items() if v is True and k not in keys]
    for key in keys:
        value = values.get(key) if isinstance(values, dict) else None
        flag = unknown.get(key) if isinstance(unknown, dict) else None
        if flag is True:
            ref = _refs(expressions, key, module)
            out[key] = ref or Unknown(f"{address}.{key}", "known only after apply")
            out.key_spans.setdefault(key, out.span)
            continue
        if value is None:
            continue
        out[key] = _nested(value, flag, address, key)
    return out


def _nested(value: Any, unknown: Any, address: str, key: str) -> Any:
    if isinstance(value, Map):
        inner = _values(value, unknown, None, f"{address}.{key}")
        return inner
    if isinstance(value, Seq):
        seq = Seq(span=value.span)
        seq.item_spans = list(value.item_spans)
        for i, item in enumerate(value):
            flag = unknown[i] if isinstance(unknown, list) and i < len(unknown) else None
            if flag is True:
                seq.append(Unknown(f"{address}.{key}[{i}]", "known only after apply"))
            else:
                seq.append(_nested(item, flag, address, f"{key}[{i}]"))
        return seq
    return value


def _overlay(node: Any, written: Any, header: Span, file: str) -> Any:
    """Point the planned values at the configuration: written attributes at their
    lines, everything else at the block header."""
    if isinstance(node, Map):
        out = Map(span=Span(*header[:4], file), file=file, tag=node.tag)
        for key, value in node.items():
            span = None
            sub = None
            if isinstance(written, Map) and key in written:
                span = written.key_spans.get(key)
                sub = written[key]
            span = Span(*(span or header)[:4], file)
            out[key] = _overlay(value, sub, span, file)
            out.key_spans[key] = span
        return out
    if isinstance(node, Seq):
        seq = Seq(span=Span(*header[:4], file), file=file)
        for i, item in enumerate(node):
            sub = written[i] if isinstance(written, Seq) and i < len(written) else None
            span = written.item_spans[i] if isinstance(written, Seq) and i < len(
                written.item_spans) else header
            if isinstance(sub, Map) and sub.span is not None:
                span = sub.span
            seq.append(_overlay(item, sub, Span(*span[:4], file), file))
            seq.item_spans.append(Span(*span[:4], file))
        return seq
    return node


def plan_folders(plans: list[Document], config: list[Document]) -> set[str]:
    """Scanned configuration folders that a scanned plan describes (checked through
    the plan, whose values are the ones Terraform will apply)."""
    folders = _config_blocks(config)
    out: set[str] = set()
    for plan in plans:
        root = plan.root
        clean(root)
        values = root.get("planned_values") or root.get("values")
        if isinstance(values, dict):
            resources = [r for m in _walk_modules(values.get("root_module"))
                         for r in (m.get("resources") or [])]
            folder = _root_dir(plan, resources, folders)
            if folder is not None:
                out.add(folder)
    return out


def plan_subjects(plans: list[Document], config: list[Document], options: dict) -> Iterator[Subject]:
    from .walk import _canon

    folders = _config_blocks(config)
    for plan in plans:
        root = plan.root
        clean(root)
        values = root.get("planned_values") or root.get("values")
        if not isinstance(values, dict):
            continue
        configuration = root.get("configuration") or {}
        changes: dict[str, Any] = {}
        for change in root.get("resource_changes") or []:
            if isinstance(change, dict) and isinstance(change.get("change"), dict):
                changes[str(change.get("address"))] = change["change"].get("after_unknown")
        modules = list(_walk_modules(values.get("root_module")))
        all_resources = [r for m in modules for r in (m.get("resources") or [])]
        root_dir = _root_dir(plan, all_resources, folders)
        note(options.get("notes"), plan.path, (
            f"plan of the configuration in {os.path.relpath(root_dir)}: findings point at its "
            ".tf lines" if root_dir else "the plan's configuration is not in the scan: "
            "findings point into the plan file"))
        groups: dict[str, list[Subject]] = {}
        views: dict[str, ModuleView] = {}
        registry = Registry()
        positions: _Positions | None = None
        for res in all_resources:
            if not isinstance(res, Map) or res.get("mode") not in ("managed", "data"):
                continue
            address = str(res.get("address", ""))
            base = _INDEX.sub("", address)
            calls = _module_path(address)
            prefix = "".join(f"module.{c}." for c in calls)
            local = base[len(prefix):] if base.startswith(prefix) else base
            mode, rtype, name = res.get("mode"), str(res.get("type")), str(res.get("name"))
            cfg_module = _config_module(configuration, calls)
            expressions = None
            for cres in (cfg_module or {}).get("resources") or []:
                if isinstance(cres, dict) and cres.get("type") == rtype and cres.get("name") == name \
                        and cres.get("mode") == mode:
                    expressions = cres.get("expressions")
            node = _values(res.get("values"), changes.get(address), expressions, address, prefix)
            if positions is None:
                positions = _Positions(plan.text)
            res_span, key_spans = positions.resource(address)
            _place(node, res_span, key_spans)
            node.tag = ("resource" if mode == "managed" else "data", (rtype, name))
            folder = _module_dir(root_dir, configuration, calls)
            found = folders.get(folder, {}).get((mode, rtype, name)) if folder else None
            path, block = plan.path, None
            if found is not None:
                block, path = found
                node = _overlay(node, block, block.span, path)
                node.tag = block.tag
            view = views.setdefault(prefix, ModuleView(prefix, registry))
            level = "resource" if mode == "managed" else "data"
            subject = Subject("terraform", level, rtype, base, node, path,
                              {"block": block if block is not None else res, "module": view,
                               "plan": plan.path, "instances": 1})
            view.add(subject, local)
            groups.setdefault(base, []).append(subject)
        for group in groups.values():
            seen: set[str] = set()
            for subject in group:
                subject.context["instances"] = len(group)
                key = _canon(subject.node)
                if key not in seen:
                    seen.add(key)
                    yield subject

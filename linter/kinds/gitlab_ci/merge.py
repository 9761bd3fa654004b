"""GitLab's merge semantics over located trees: deep merge, `extends`, `default:`,
`!reference`. Every entry keeps the span (and file) of the text that wrote it, so a rule
pointing at an inherited value lands on the template's line, in the template's file.
"""

from __future__ import annotations

from typing import Any

from ...model import Map, Seq, Span

DEFAULT_KEYS = ("after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens",
                "image", "interruptible", "retry", "services", "tags", "timeout")
LEGACY_GLOBAL_KEYS = ("image", "services", "cache", "before_script", "after_script")
MAX_EXTENDS_DEPTH = 11
MAX_REFERENCE_DEPTH = 10


def stamp(node: Any, file: str) -> None:
    """Write `file` into every span of a freshly parsed tree, so that entries copied into
    another file's containers (includes, extends, references) still say where they live."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        if not isinstance(cur, (Map, Seq)) or id(cur) in seen:
            continue
        seen.add(id(cur))
        cur.file = cur.file or file
        if cur.span is not None and cur.span.file is None:
            cur.span = cur.span._replace(file=cur.file)
        if isinstance(cur, Map):
            for k, sp in list(cur.key_spans.items()):
                if sp is not None and sp.file is None:
                    cur.key_spans[k] = sp._replace(file=cur.file)
            stack.extend(cur.values())
        else:
            cur.item_spans = [sp._replace(file=cur.file) if sp is not None and sp.file is None
                              else sp for sp in cur.item_spans]
            stack.extend(cur)


def copy_map(src: dict) -> Map:
    out = Map(span=getattr(src, "span", None), file=getattr(src, "file", None))
    for k, v in src.items():
        out[k] = v
        sp = src.key_spans.get(k) if isinstance(src, Map) else None
        if sp is not None:
            out.key_spans[k] = sp
    return out


def deep_merge(base: Any, over: Any) -> Any:
    """GitLab's merge for `extends` and `include`: mappings merge key by key, anything
    else (lists included) is replaced by the overriding value."""
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    out = copy_map(base)
    out.span = getattr(over, "span", None) or out.span
    out.file = getattr(over, "file", None) or out.file
    for k, v in over.items():
        out[k] = deep_merge(out[k], v) if k in out else v
        sp = over.key_spans.get(k) if isinstance(over, Map) else None
        if sp is not None:
            out.key_spans[k] = sp
    return out


def as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def resolve_job(name: str, jobs: dict, trail: tuple = ()) -> Any:
    """The job after `extends` (several parents, several levels; later parents win,
    the job itself wins last). Unknown parents are skipped, cycles stop."""
    job = jobs.get(name)
    if not isinstance(job, dict) or name in trail or len(trail) > MAX_EXTENDS_DEPTH:
        return job
    parents = [p for p in as_list(job.get("extends")) if isinstance(p, str)]
    if not parents:
        return job
    merged: Any = Map(span=job.span, file=job.file)
    for parent in parents:
        resolved = resolve_job(parent, jobs, trail + (name,))
        if isinstance(resolved, dict):
            merged = deep_merge(merged, resolved)
    return deep_merge(merged, job)


def ancestors(name: str, jobs: dict, trail: tuple = ()) -> list[str]:
    """Every job name `name` extends, directly or not."""
    job = jobs.get(name)
    if not isinstance(job, dict) or name in trail or len(trail) > MAX_EXTENDS_DEPTH:
        return []
    out: list[str] = []
    for parent in as_list(job.get("extends")):
        if isinstance(parent, str):
            out.append(parent)
            out.extend(ancestors(parent, jobs, trail + (name,)))
    return out


def _inherit(job: dict, what: str, key: str) -> bool:
    """`inherit: {default: false | [keys], variables: false | [names]}`."""
    inherit = job.get("inherit")
    if not isinstance(inherit, dict) or what not in inherit:
        return True
    rule = inherit[what]
    if isinstance(rule, bool):
        return rule
    if isinstance(rule, list):
        return key in rule
    return True


def with_defaults(job: dict, root: dict) -> Map:
    """The job plus what `default:` (or the legacy top-level keywords) gives it."""
    default = root.get("default") if isinstance(root.get("default"), dict) else {}
    full = Map(span=getattr(job, "span", None), file=getattr(job, "file", None))
    for key in DEFAULT_KEYS:
        if key in job or not _inherit(job, "default", key):
            continue
        for owner in (default, root):
            if owner is root and key not in LEGACY_GLOBAL_KEYS:
                continue
            if key in owner:
                full[key] = owner[key]
                sp = owner.key_spans.get(key) if isinstance(owner, Map) else None
                if sp is not None:
                    full.key_spans[key] = sp
                break
    for key, value in job.items():
        full[key] = value
        sp = job.key_spans.get(key) if isinstance(job, Map) else None
        if sp is not None:
            full.key_spans[key] = sp
    return full


def effective_variables(job: dict, root: dict) -> Map:
    """Global variables the job inherits, overridden by its own."""
    out = Map()
    glob = root.get("variables")
    if isinstance(glob, dict):
        for name, value in glob.items():
            if _inherit(job, "variables", name):
                out[name] = value
                sp = glob.key_spans.get(name) if isinstance(glob, Map) else None
                if sp is not None:
                    out.key_spans[name] = sp
    own = job.get("variables")
    if isinstance(own, dict):
        for name, value in own.items():
            out[name] = value
            sp = own.key_spans.get(name) if isinstance(own, Map) else None
            if sp is not None:
                out.key_spans[name] = sp
    return out


def is_reference(value: Any) -> bool:
    return isinstance(value, Seq) and value.tag == "!reference"


def resolve_references(root: dict) -> Map:
    """`!reference [.job, key, ...]` replaced by the value it names (kept with its own
    spans). A reference that is an item of a list and names a list is spliced in, as
    GitLab flattens script arrays. Unresolvable references are dropped."""
    cache: dict[int, Any] = {}

    def lookup(ref: Seq, depth: int) -> Any:
        cur: Any = root
        for part in ref:
            if not isinstance(cur, dict) or part not in cur:
                return None
            cur = cur[part]
        value = walk(cur, depth + 1)
        return None if is_reference(value) else value  # a reference loop resolves to nothing

    def walk(node: Any, depth: int) -> Any:
        if depth > MAX_REFERENCE_DEPTH:
            return node
        if is_reference(node):
            return lookup(node, depth)
        if isinstance(node, Map):
            if id(node) in cache:
                return cache[id(node)]
            out = Map(span=node.span, file=node.file, tag=node.tag)
            cache[id(node)] = out
            for k, v in node.items():
                nv = walk(v, depth)
                if nv is None and is_reference(v):
                    continue
                out[k] = nv
                if k in node.key_spans:
                    out.key_spans[k] = node.key_spans[k]
            return out
        if isinstance(node, Seq):
            if id(node) in cache:
                return cache[id(node)]
            out = Seq(span=node.span, file=node.file, tag=node.tag)
            cache[id(node)] = out
            for item, sp in zip(node, _spans(node)):
                if is_reference(item):
                    value = lookup(item, depth)
                    if isinstance(value, Seq):
                        out.extend(value)
                        out.item_spans.extend(_spans(value))
                        continue
                    if value is None:
                        continue
                    out.append(value)
                    out.item_spans.append(sp)
                    continue
                out.append(walk(item, depth))
                out.item_spans.append(sp)
            return out
        return node

    result = walk(root, 0)
    return result if isinstance(result, Map) else Map()


def _spans(seq: Seq) -> list[Span | None]:
    spans = list(seq.item_spans)
    if len(spans) < len(seq):
        spans.extend([None] * (len(seq) - len(spans)))
    return spans

"""What GitLab CI rule checks ask of a job: its images, variables, script lines and
untrusted data, each with the located container entry a finding points at.

An inherited value (from `default:`, a template, an anchor, an included file) is the same
written line for every job that inherits it: `once` lets a check report it a single time
per pipeline, naming the first job that inherits it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...model import Hit, Map, Seq, Span, Subject
from .script import ScriptLine, script_lines

_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


def span_of(hit: Hit) -> Span | None:
    if hit.span is not None:
        return hit.span
    node, key = hit.node, hit.key
    if key is not None and isinstance(node, Map):
        return node.key_spans.get(key)
    if isinstance(key, int) and isinstance(node, Seq) and 0 <= key < len(node.item_spans):
        return node.item_spans[key]
    return getattr(node, "span", None)


def once(subject: Subject, rule_id: str, hit: Hit) -> bool:
    """True the first time this rule reports this written place in the pipeline."""
    seen = subject.context.setdefault("once", set())
    sp = span_of(hit)
    key = (rule_id, sp.file if sp else None, sp.line if sp else id(hit.node),
           sp.column if sp else hit.key, hit.values.get("once", ""))
    if key in seen:
        return False
    seen.add(key)
    return True


def lines(subject: Subject, rule_id: str | None = None) -> Iterator[ScriptLine]:
    """The job's script lines. With `rule_id`, a written line that rule already read for
    another job (an inherited template, an anchor) is skipped: the text is the same."""
    seen = subject.context.setdefault("once", set()) if rule_id else None
    for line in script_lines(subject.node, subject.context["sources"]):
        if seen is not None:
            key = ("line", rule_id, line.span, line.text)
            if key in seen:
                continue
            seen.add(key)
        yield line


# ---- variables -------------------------------------------------------------------------

@dataclass
class Variable:
    name: str
    value: Any  # str / number / bool, or None for a map form without value
    node: Any  # container a hit points at
    key: Any
    attr: str


def variable_value(raw: Any) -> Any:
    """`NAME: value` or `NAME: {value: ..., description: ...}`."""
    if isinstance(raw, dict):
        return raw.get("value")
    return raw


def variables_in(mapping: Any, attr: str) -> Iterator[Variable]:
    if not isinstance(mapping, dict):
        return
    for name, raw in mapping.items():
        if isinstance(raw, dict) and "value" in raw:
            yield Variable(str(name), raw["value"], raw, "value", f"{attr}.{name}")
        elif not isinstance(raw, (dict, list)):
            yield Variable(str(name), raw, mapping, name, f"{attr}.{name}")


def subject_variables(subject: Subject) -> Iterator[Variable]:
    """Variables written for this subject: the pipeline's global ones, or a job's own
    (through extends) plus those of its image and services."""
    node = subject.node
    yield from variables_in(node.get("variables"), "variables")
    rules_owner = node.get("workflow") if subject.level == "pipeline" else node
    rules = rules_owner.get("rules") if isinstance(rules_owner, dict) else None
    prefix = "workflow.rules" if subject.level == "pipeline" else "rules"
    if isinstance(rules, list):
        for i, rule in enumerate(rules):
            if isinstance(rule, dict):
                yield from variables_in(rule.get("variables"), f"{prefix}[{i}].variables")
    if subject.level == "pipeline":
        default = node.get("default")
        if isinstance(default, dict):  # not a GitLab keyword there, but written is written
            yield from variables_in(default.get("variables"), "default.variables")
        for i, entry in enumerate(subject.context.get("includes", [])):
            yield from variables_in(entry.spec.get("inputs"), f"include[{i}].inputs")
        spec = node.get("spec")
        inputs = spec.get("inputs") if isinstance(spec, dict) else None
        if isinstance(inputs, dict):  # `spec: inputs: api_token: default: glpat-...`
            for name, decl in inputs.items():
                if isinstance(decl, dict) and "default" in decl and \
                        not isinstance(decl["default"], (dict, list)):
                    yield Variable(str(name), decl["default"], decl, "default",
                                   f"spec.inputs.{name}.default")
        return
    parallel = node.get("parallel")
    matrix = parallel.get("matrix") if isinstance(parallel, dict) else None
    for i, entry in enumerate(matrix if isinstance(matrix, list) else []):
        if not isinstance(entry, dict):
            continue
        for name, values in entry.items():  # each value becomes the variable in one job
            if isinstance(values, list):
                for j, value in enumerate(values):
                    if not isinstance(value, (dict, list)):
                        yield Variable(str(name), value, values, j,
                                       f"parallel.matrix[{i}].{name}[{j}]")
            elif not isinstance(values, dict):
                yield Variable(str(name), values, entry, name, f"parallel.matrix[{i}].{name}")
    for image in images(subject):
        if isinstance(image.entry, dict):
            yield from variables_in(image.entry.get("variables"), f"{image.attr}.variables")


def lookup(subject: Subject, name: str) -> Any:
    """The literal value of a variable the job sees, or None."""
    variables = subject.context.get("variables") or {}
    if name in variables:
        value = variable_value(variables[name])
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
    return None


def expand(text: str, subject: Subject, depth: int = 0) -> str:
    """`$NAME`/`${NAME}` replaced by literal variable values the job sees; anything
    else (predefined or masked variables) stays as written."""
    if "$" not in text or depth > 5:
        return text

    def sub(m: re.Match) -> str:
        value = lookup(subject, m.group(1))
        return expand(value, subject, depth + 1) if value is not None else m.group(0)

    return _VAR.sub(sub, text)


def truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    return isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "on")


# ---- images ----------------------------------------------------------------------------

@dataclass
class Image:
    ref: Any  # the written reference (may be Unknown-like text with $)
    node: Any
    key: Any
    attr: str
    role: str  # image | service
    entry: Any  # the string, or the map form {name, entrypoint, alias, variables, ...}


def images(subject: Subject) -> Iterator[Image]:
    job = subject.node
    image = job.get("image")
    if isinstance(image, str):
        yield Image(image, job, "image", "image", "image", image)
    elif isinstance(image, dict) and "name" in image:
        yield Image(image["name"], image, "name", "image.name", "image", image)
    services = job.get("services")
    if isinstance(services, list):
        for i, svc in enumerate(services):
            # named, not numbered: a fingerprint survives services added or reordered
            if isinstance(svc, str):
                yield Image(svc, services, i, f"services.{svc}", "service", svc)
            elif isinstance(svc, dict) and "name" in svc:
                yield Image(svc["name"], svc, "name", f"services.{svc['name']}.name", "service", svc)


@dataclass
class ImageRef:
    name: str
    tag: str | None
    digest: str | None


def parse_image(ref: str) -> ImageRef:
    """`registry:5000/group/name:tag@sha256:...` -> name, tag, digest."""
    ref = ref.strip()
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    last = ref.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        tag = last.rsplit(":", 1)[1]
        ref = ref[: len(ref) - len(tag) - 1]
    return ImageRef(ref, tag, digest)


FLOATING = {"latest", "stable", "edge", "dind", "rolling", "lts", "current", "nightly", "main",
            "master", "develop", "development", "dev", "alpine", "slim", "beta", "alpha",
            "canary", "mainline", "unstable", "testing", "next", "trunk", "head", "snapshot",
            "release", "debug", "rootless", "nonroot"}


def floating_tag(tag: str) -> bool:
    """`latest`, `dind`, `stable-alpine`, `master`: a tag that names no version moves
    whenever its publisher pushes, exactly like `latest`; so does a major-only tag such as
    `ruby:3`, `node:20-alpine` or `docker:27-dind`, which follows every 3.x (20.x, 27.x)
    release."""
    parts = [p for p in re.split(r"[-_.]", tag.lower()) if p]
    return bool(parts) and (all(p in FLOATING for p in parts) or major_only_tag(tag))


_MAJOR_ONLY = re.compile(r"^v?\d{1,3}(?:[-_][A-Za-z][\w.-]*)?$")


def major_only_tag(tag: str) -> bool:
    """`3`, `v20`, `20-alpine`, `27-dind`: a version of one number (not a date such as
    `20240701`) before any variant suffix."""
    return bool(_MAJOR_ONLY.match(tag.strip()))


OWN_REGISTRY = re.compile(r"^\$\{?CI_(REGISTRY_IMAGE|REGISTRY)\}?(/|:|$)")


# ---- untrusted data --------------------------------------------------------------------

# Free text an outsider (merge request author, anyone pushing a branch or a commit) writes.
FREE_TEXT = ("CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION", "CI_COMMIT_MESSAGE",
             "CI_COMMIT_TITLE", "CI_COMMIT_DESCRIPTION", "CI_COMMIT_TAG_MESSAGE",
             "CI_COMMIT_AUTHOR", "CI_MERGE_REQUEST_LABELS", "CI_MERGE_REQUEST_MILESTONE",
             "GITLAB_USER_NAME")
# Names an outsider chooses (branches, tags), not free text but full of shell characters.
REF_NAMES = ("CI_COMMIT_BRANCH", "CI_COMMIT_REF_NAME", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
             "CI_COMMIT_TAG", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
             "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
             "CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME",
             "CI_MERGE_REQUEST_SOURCE_PROJECT_PATH")
UNTRUSTED = FREE_TEXT + REF_NAMES
UNTRUSTED_RE = re.compile(r"\$(?:\{(" + "|".join(UNTRUSTED) + r")(?:[:}#%/^,]|\})|("
                          + "|".join(UNTRUSTED) + r")(?![A-Za-z0-9_]))")


def untrusted_uses(text: str, carriers: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """(variable name, offset) of each untrusted expansion in a shell line. `carriers`
    maps other variables to the untrusted one they hold (`MSG: $CI_COMMIT_MESSAGE`)."""
    found = [((m.group(1) or m.group(2)), m.start()) for m in UNTRUSTED_RE.finditer(text)]
    if carriers:
        for m in _VAR.finditer(text):
            if m.group(1) in carriers and m.group(1) not in UNTRUSTED:
                found.append((m.group(1), m.start()))
    yield from sorted(found, key=lambda use: use[1])


def carriers(subject: Subject) -> dict[str, str]:
    """Variables the job sees whose value expands an untrusted one: GitLab expands
    `TITLE: $CI_MERGE_REQUEST_TITLE` before the script runs, so `$TITLE` is the title."""
    found: dict[str, str] = {}
    variables = subject.context.get("variables") or {}
    for _ in range(3):  # `A: $B`, `B: $CI_COMMIT_MESSAGE`
        for name, raw in variables.items():
            value = variable_value(raw)
            if name in found or not isinstance(value, str) or (
                    isinstance(raw, dict) and raw.get("expand") is False):
                continue
            source = assigned_from(value, found)
            if source:
                found[str(name)] = source
    return found


def assigned_from(value: str, known: dict[str, str]) -> str | None:
    """The untrusted variable a value expands, directly or through a known carrier."""
    for name, _ in untrusted_uses(value, known):
        return known.get(name, name)
    return None


SHELL_ASSIGN = re.compile(r"(?:^|[\s;&|(])(?:export\s+|declare\s+(?:-x\s+)?|local\s+|readonly\s+)?"
                          r"([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|[^\s;&|'\"]+)")


def shell_carriers(text: str, known: dict[str, str]) -> None:
    """Record `MSG="$CI_COMMIT_MESSAGE"` (not single-quoted) into `known`."""
    for m in SHELL_ASSIGN.finditer(text):
        if quote_state(text, m.start(1)) != "none":
            continue
        source = assigned_from(m.group(2), known)
        if source:
            known[m.group(1)] = source


def quote_state(text: str, offset: int) -> str:
    """'single', 'double' or 'none': the shell quoting in force at `offset`."""
    state = "none"
    i = 0
    while i < offset:
        ch = text[i]
        if state == "single":
            if ch == "'":
                state = "none"
        elif state == "double":
            if ch == "\\":
                i += 1
            elif ch == '"':
                state = "none"
        else:
            if ch == "\\":
                i += 1
            elif ch == "'":
                state = "single"
            elif ch == '"':
                state = "double"
            elif ch == "#" and (i == 0 or text[i - 1] in " \t;"):
                return "comment"
        i += 1
    return state


def hit_line(line: ScriptLine, attr_suffix: str = "", **values: Any) -> Hit:
    return Hit(node=line.node, key=line.key, attr=line.attr + attr_suffix, values=values,
               span=line.span)

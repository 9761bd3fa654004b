"""Control-plane and kubelet settings checks, driven by the specs each rule's check lists.

A rule's `CHECKS` list; each spec names a command-line `flag` (read from a component's
command and args) and, for the kubelet, the `config` path of the same setting in a
`KubeletConfiguration` file, with what is required and the documented default:

    checks:
      - flag: anonymous-auth         # --anonymous-auth
        config: authentication.anonymous.enabled
        want: "false"                # the value in force must be this
        default: "true"              # what the binary does without the flag
        config_default: "false"      # what a KubeletConfiguration means without the field

Other requirements: `set: true` (any non-empty value), `unset: true` (must not be
given), `forbid: [A]` / `require: [A]` (items of a comma list, with `default` the list
in force without the flag, `disable_flag` the flag that removes items), `min: N`
(a number or a Go duration in seconds), `not_in: [values]`, `allow: [A]` (every item
of a comma list must be one of these). `unless_set: [flags]` skips
the check when another flag makes it moot; `if_set: flag` runs it only when that flag is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.model import Hit, Subject

KUBEADM_SET = "(set by kubeadm)"
# KubeletConfiguration fields kubeadm fills in when a kubeadm-managed file leaves them out
KUBEADM_KUBELET = {"authentication.anonymous.enabled": "false", "authorization.mode": "Webhook",
                   "authentication.x509.clientCAFile": KUBEADM_SET, "readOnlyPort": "0",
                   "rotateCertificates": "true"}

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_UNIT = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def seconds(value: Any) -> float | None:
    """A number, or a Go duration ("4h0m0s", "30s") in seconds; None when unreadable."""
    text = str(value).strip().lower()
    try:
        return float(text)
    except ValueError:
        pass
    parts = _DURATION.findall(text)
    if not parts or "".join(a + b for a, b in parts) != text:
        return None
    return sum(float(n) * _UNIT[u] for n, u in parts)


def text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def check(subject: Subject, checks: list[dict]) -> Iterator[Hit]:
    """Hits of every spec in `checks` (a rule's CHECKS) on a component or KubeletConfiguration."""
    for spec in checks:
        if subject.level == "component":
            yield from _flag_check(subject, spec)
        elif spec.get("config"):
            yield from _config_check(subject, spec)


def _flag_check(subject: Subject, spec: dict) -> Iterator[Hit]:
    flags = subject.context["flags"]
    name = spec["flag"]
    if any(flags.get(other) for other in spec.get("unless_set", ())):
        return
    gate = spec.get("if_set")
    if gate and (flags.get(gate) is None or flags.get(gate).value in spec.get("if_not", ())):
        return
    shown = f"--{name}"
    if "forbid" in spec or "require" in spec or "allow" in spec:
        yield from _list_check(subject, flags, spec)
        return
    flag = flags.get(name)
    kubeadm = (flags.defaults or {}).get(name)
    if flag is None and kubeadm is not None:
        problem = "" if spec.get("unset") else _bad(spec, kubeadm)
        if problem and kubeadm != KUBEADM_SET:
            yield flags.absent_hit(problem=f"{subject.type} runs with kubeadm's {shown}={kubeadm} ({problem})",
                                   missing=shown)
        return
    if flag is None:
        value = spec.get("default")
        if value is None:
            if spec.get("set") or "want" in spec or "min" in spec:
                yield flags.absent_hit(problem=f"{subject.type} runs without {shown}"
                                       + (f" ({spec['why']})" if spec.get("why") else ""),
                                       missing=shown)
            return
        problem = _bad(spec, text(value))
        if problem:
            yield flags.absent_hit(problem=f"{subject.type} runs without {shown}, so it defaults "
                                   f"to {value} ({problem})", missing=shown)
        return
    if spec.get("unset"):
        yield flag.hit(problem=f"{subject.type} sets {shown}"
                       + (f" ({spec['why']})" if spec.get("why") else ""))
        return
    problem = _bad(spec, flag.value)
    if problem:
        yield flag.hit(problem=f"{subject.type} sets {shown}={flag.value} ({problem})")


def _bad(spec: dict, value: str) -> str:
    """Why a value in force breaks the spec, or "" when it is fine."""
    why = spec.get("why", "")
    if "want" in spec and value.lower() != text(spec["want"]).lower():
        return why or f"expected {text(spec['want'])}"
    if spec.get("set") and not value:
        return why or "empty"
    if "not_in" in spec and value.lower() in {text(v).lower() for v in spec["not_in"]}:
        return why or "not allowed"
    if "min" in spec:
        number = seconds(value)
        if number is not None and number < float(spec["min"]):
            return why or f"below {spec['min']}"
    return ""


def _list_check(subject: Subject, flags: Any, spec: dict) -> Iterator[Hit]:
    name = spec["flag"]
    shown = f"--{name}"
    items = flags.values(name)
    default = (flags.defaults or {}).get(name) or spec.get("default") or ""
    in_force = [v for v, _ in items] if items else [v.strip() for v in default.split(",") if v.strip()]
    disabled = {v: f for v, f in flags.values(spec["disable_flag"])} if spec.get("disable_flag") else {}
    allow = spec.get("allow")
    for value, flag in items:
        if value in spec.get("forbid", ()) or (allow is not None and value not in allow):
            yield flag.hit(value=value, problem=f"{subject.type} {shown} includes {value}"
                           + (f" ({spec['why']})" if spec.get("why") else ""))
    if not items:
        for value in spec.get("forbid", ()):
            if value in in_force:
                yield flags.absent_hit(missing=shown, problem=(
                    f"{subject.type} runs without {shown}, so it defaults to {value}"
                    + (f" ({spec['why']})" if spec.get("why") else "")))
    why = f" ({spec['why']})" if spec.get("why") else ""
    off = [v for v in spec.get("require", ()) if v in disabled]
    if off:
        yield disabled[off[0]].hit(value=", ".join(off), problem=(
            f"{subject.type} --{spec['disable_flag']} turns off {', '.join(off)}{why}"))
    missing = [v for v in spec.get("require", ())
               if v not in disabled and v not in in_force and v not in spec.get("default_on", ())]
    if missing:
        where = items[-1][1].hit(value=", ".join(missing)) if items else flags.absent_hit(missing=shown)
        where.values["problem"] = f"{subject.type} {shown} does not include {', '.join(missing)}{why}"
        yield where


def _config_check(subject: Subject, spec: dict) -> Iterator[Hit]:
    """The same setting in a KubeletConfiguration file (a mapping path)."""
    obj = subject.node
    parent, key = obj, None
    node: Any = obj
    path = spec["config"].split(".")
    for part in path:
        if not isinstance(node, dict) or part not in node:
            node = None
            break
        parent, key, node = node, part, node[part]
    field = spec["config"]
    unless = spec.get("unless_config")
    if unless and text(_lookup(obj, unless.split("."))).lower() == "true":
        return
    if node is None:
        default = spec.get("config_default")
        if subject.context.get("kubeadm") and field in KUBEADM_KUBELET:
            default = KUBEADM_KUBELET[field]
            if default == KUBEADM_SET:
                return
        if default is None:
            if spec.get("set") or "want" in spec:
                yield _config_anchor(obj, path, problem=f"the kubelet configuration has no {field}"
                                     + (f" ({spec['why']})" if spec.get("why") else ""), missing=field)
            return
        problem = _bad(spec, text(default)) if not spec.get("unset") else ""
        if problem:
            yield _config_anchor(obj, path, missing=field, problem=(
                f"the kubelet configuration has no {field}, so it defaults to {text(default)} ({problem})"))
        return
    if spec.get("unset"):
        yield Hit(parent, key, attr=field, values={"value": text(node), "problem": (
            f"the kubelet configuration sets {field}" + (f" ({spec['why']})" if spec.get("why") else ""))})
        return
    if isinstance(node, list):
        allow = spec.get("allow")
        for i, item in enumerate(node):
            if text(item) in spec.get("forbid", ()) or (allow is not None and text(item) not in allow):
                yield Hit(node, i, attr=f"{field}[{i}]", values={"value": text(item), "problem": (
                    f"the kubelet configuration {field} includes {text(item)}"
                    + (f" ({spec['why']})" if spec.get("why") else ""))})
        return
    if isinstance(node, dict) and spec.get("config_key"):
        value = node.get(spec["config_key"])
        if value is not None and _bad(spec, text(value)):
            yield Hit(node, spec["config_key"], attr=f"{field}.{spec['config_key']}", values={
                "value": text(value), "problem": f"the kubelet configuration sets {field}.{spec['config_key']}: "
                f"{text(value)} ({_bad(spec, text(value))})"})
        return
    problem = _bad(spec, text(node)) or (
        spec.get("why", "not allowed") if text(node) in spec.get("forbid", ()) else "")
    if problem:
        yield Hit(parent, key, attr=field, values={"value": text(node), "problem": (
            f"the kubelet configuration sets {field}: {text(node)} ({problem})")})


def _config_anchor(obj: Any, path: list[str], **values: Any) -> Hit:
    """The deepest existing mapping on the way to a missing field (where it belongs)."""
    node, parent, key = obj, obj, None
    for part in path[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(part), dict):
            break
        parent, key, node = node, part, node[part]
    if key is None:
        return Hit(obj, "kind", attr="", values=values)
    return Hit(parent, key, attr=".".join(path[: path.index(key) + 1]), values=values)


def _lookup(obj: Any, path: list[str]) -> Any:
    node = obj
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node

"""Pod specs as the kubelet sees them: containers of every sort, and security settings
combined across the pod and the container (a container's setting overrides the pod's).

Python checks of the Kubernetes pack read settings through these functions so that
"where is it set, and to what" has one answer everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ...model import Hit, Map, Subject

CONTAINER_FIELDS = ("containers", "initContainers", "ephemeralContainers")
# securityContext fields a container inherits from the pod when it does not set them
POD_INHERITED = ("runAsUser", "runAsGroup", "runAsNonRoot", "seLinuxOptions", "seccompProfile",
                 "windowsOptions", "appArmorProfile")


@dataclass
class Setting:
    """A security setting in force for a container, and where it was written."""

    value: Any
    node: Map  # the securityContext mapping holding it
    key: str
    level: str  # "container" or "pod"


@dataclass
class ContainerRef:
    field: str
    index: int
    seq: Any
    container: Map

    @property
    def name(self) -> str:
        return str(self.container.get("name") or f"{self.field}[{self.index}]")

    def hit(self, **values: Any) -> Hit:
        """A hit on the container item itself (its `- name:` line)."""
        return Hit(self.seq, self.index, attr=f"{self.field}[{self.index}]",
                   values={"container": self.name, **values})


def containers(pod_spec: Any, fields: tuple[str, ...] = CONTAINER_FIELDS) -> Iterator[ContainerRef]:
    if not isinstance(pod_spec, dict):
        return
    for field in fields:
        items = pod_spec.get(field)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield ContainerRef(field, i, items, item)


def security_context(node: Any) -> Map | None:
    sc = node.get("securityContext") if isinstance(node, dict) else None
    return sc if isinstance(sc, dict) else None


def effective(pod_spec: Any, container: Any, name: str) -> Setting | None:
    """The value of securityContext `name` in force for `container`, or None if unset."""
    csc = security_context(container)
    if csc is not None and csc.get(name) is not None:
        return Setting(csc[name], csc, name, "container")
    if name in POD_INHERITED:
        psc = security_context(pod_spec)
        if psc is not None and psc.get(name) is not None:
            return Setting(psc[name], psc, name, "pod")
    return None


def effective_security_context(pod_spec: Any, container: Any) -> dict:
    """Plain dict of the settings in force for a container (pod values filled in)."""
    out: dict = {}
    psc = security_context(pod_spec) or {}
    for name in POD_INHERITED:
        if psc.get(name) is not None:
            out[name] = psc[name]
    out.update({k: v for k, v in (security_context(container) or {}).items() if v is not None})
    return out


WINDOWS_SELECTORS = ("kubernetes.io/os", "beta.kubernetes.io/os")


def is_windows(pod_spec: Any) -> bool:
    """A pod for Windows nodes: `os.name: windows`, or (before that field existed) a
    nodeSelector that only matches Windows nodes. Linux-only controls do not apply."""
    if not isinstance(pod_spec, dict):
        return False
    os_ = pod_spec.get("os")
    if isinstance(os_, dict):
        return str(os_.get("name", "")).lower() == "windows"
    selector = pod_spec.get("nodeSelector")
    return isinstance(selector, dict) and any(
        str(selector.get(key, "")).strip().lower() == "windows" for key in WINDOWS_SELECTORS)


def pod_hit(subject: Subject, **values: Any) -> Hit:
    """A hit on the pod spec as a whole: the `spec:` key that opens it."""
    parent = subject.context.get("pod_parent")
    if parent is not None:
        node, key = parent
        return Hit(node, key, attr="", values=values)
    return Hit(subject.node, None, attr="", values=values)


def explicit(subject: Subject, name: str,
             fields: tuple[str, ...] = CONTAINER_FIELDS) -> Iterator[tuple[Setting, str, str]]:
    """Every place `securityContext.<name>` is written: the pod's, then each container's,
    as (setting, attribute path, container name or "")."""
    spec = subject.node
    psc = security_context(spec)
    if psc is not None and psc.get(name) is not None:
        yield Setting(psc[name], psc, name, "pod"), f"securityContext.{name}", ""
    for ref in containers(spec, fields):
        csc = security_context(ref.container)
        if csc is not None and csc.get(name) is not None:
            yield (Setting(csc[name], csc, name, "container"),
                   f"{ref.field}[{ref.index}].securityContext.{name}", ref.name)


def required(subject: Subject, name: str, good: Callable[[Any], bool],
             fields: tuple[str, ...] = CONTAINER_FIELDS,
             otherwise: Callable[[ContainerRef], bool] | None = None) -> Iterator[Hit]:
    """Hits for a securityContext setting every container must have in force.

    A wrong value is reported where it is written, even on a pod whose containers all
    override it (Pod Security admission rejects it there too). A missing value is judged
    as the kubelet does (the container's own, else the pod's): reported on the pod spec
    when no container has it, otherwise on each container that lacks it. `otherwise` says
    when a container without the setting is safe by other means (then it is not missing).
    """
    spec = subject.node
    for setting, attr, container in explicit(subject, name, fields):
        if not good(setting.value):
            yield Hit(setting.node, setting.key, attr=attr,
                      values={"value": _show(setting.value), "container": container or "every container",
                              "level": setting.level})
    missing: list[ContainerRef] = []
    total = 0
    for ref in containers(spec, fields):
        total += 1
        if effective(spec, ref.container, name) is None and not (otherwise and otherwise(ref)):
            missing.append(ref)
    if not missing:
        return
    if len(missing) == total and len(missing) > 1:
        yield pod_hit(subject, missing=f"securityContext.{name}", container="every container")
        return
    for ref in missing:
        yield ref.hit(missing=f"securityContext.{name}")


def as_bool(value: Any) -> bool | None:
    """A boolean setting as the manifest means it: true/false, also when quoted
    ("true", 'False'); None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value)


def capability_names(values: Any) -> list[tuple[int, str]]:
    """(index, normalised name) of a capabilities list: upper case, no CAP_ prefix."""
    out: list[tuple[int, str]] = []
    if not isinstance(values, list):
        return out
    for i, v in enumerate(values):
        if isinstance(v, str):
            name = v.strip().upper()
            out.append((i, name[4:] if name.startswith("CAP_") else name))
    return out


def capabilities(container: Any) -> tuple[Any, Any]:
    """The (add, drop) lists of a container (None when absent)."""
    sc = security_context(container) or {}
    caps = sc.get("capabilities")
    if not isinstance(caps, dict):
        return None, None
    return caps.get("add"), caps.get("drop")

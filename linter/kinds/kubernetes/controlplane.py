"""Control-plane components and their command-line flags, read as the binaries read them.

A kubeadm-style static pod (kind Pod in kube-system, or with the `component`/`tier:
control-plane` labels kubeadm writes) whose container runs kube-apiserver,
kube-controller-manager, kube-scheduler or etcd is a *component*: the CIS Kubernetes
Benchmark checks judge its flags, and the workload rules do not judge it (a control-plane
pod needs hostNetwork and the host's certificate folders by design).

Flags follow Go's flag/pflag parsing: `--flag=value` and `--flag value`, a bare boolean
`--flag` is true, the last occurrence of a scalar flag wins, and list flags
(`--enable-admission-plugins=A,B`) accumulate across repeats. A shell wrapper
(`sh -c "kube-apiserver --a=b ..."`) is split like a shell would.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...model import Hit, Span

COMPONENTS = ("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kubelet")
CONTROL_PLANE = COMPONENTS[:4]
_SHELLS = ("sh", "bash", "ash", "dash")
_FLAG = re.compile(r"^--?([A-Za-z0-9][A-Za-z0-9_.-]*)(?:=(.*))?$", re.DOTALL)


@dataclass
class Flag:
    """One occurrence of a flag: its value ("true" for a bare boolean) and where it is."""

    name: str
    value: str
    seq: Any  # the command/args list holding it
    index: int
    field_name: str = "args"  # command or args
    span: Span | None = None  # the item holding it, when a shell string holds several flags

    def hit(self, **values: Any) -> Hit:
        attr = (f"{self.field_name}.{self.index}" if isinstance(self.seq, dict)
                else f"{self.field_name}[{self.index}]")
        return Hit(self.seq, self.index, attr=attr, span=self.span,
                   values={"flag": f"--{self.name}", "value": self.value, **values})


@dataclass
class Flags:
    """The flags of one component, with the container that runs it."""

    component: str
    container: Any
    items: list[Flag] = field(default_factory=list)
    defaults: dict[str, str] | None = None  # what kubeadm passes when a flag is not given

    def all(self, name: str) -> list[Flag]:
        return [f for f in self.items if f.name == name]

    def get(self, name: str) -> Flag | None:
        """The occurrence in force (the last one, as pflag does for scalar flags)."""
        found = self.all(name)
        return found[-1] if found else None

    def values(self, name: str) -> list[tuple[str, Flag]]:
        """Every item of a comma-list flag across all its occurrences."""
        out: list[tuple[str, Flag]] = []
        for flag in self.all(name):
            out.extend((v.strip(), flag) for v in flag.value.split(",") if v.strip())
        return out

    def absent_hit(self, **values: Any) -> Hit:
        """Where a missing flag belongs: the container's `command:` (else `args:`)."""
        for key in ("command", "args", "extraArgs", "kubeletExtraArgs"):
            if isinstance(self.container.get(key), (list, dict)):
                return Hit(self.container, key, attr=key, values=values)
        return Hit(self.container, None, attr="", values=values)


def component_of(container: Any) -> str | None:
    """The component a container runs, from its command (else its first argument)."""
    if not isinstance(container, dict):
        return None
    for key in ("command", "args"):
        seq = container.get(key)
        if not isinstance(seq, list) or not seq:
            continue
        words = [w for _, w, _ in _words(seq)]
        if words and words[0].rsplit("/", 1)[-1] in _SHELLS:
            words = [w for _, w, _ in _shell_words(seq)[1:] if w not in ("-c", "-e", "exec")]
        if words and words[0].rsplit("/", 1)[-1] in COMPONENTS:
            return words[0].rsplit("/", 1)[-1]
        return None
    return None


def _words(seq: list) -> list[tuple[int, str, Span | None]]:
    return [(i, str(v), None) for i, v in enumerate(seq) if isinstance(v, (str, int, float))]


def _shell_words(seq: Any) -> list[tuple[int, str, Span | None]]:
    """Words of a `sh -c "..."` script, with the item index that holds each."""
    out: list[tuple[int, str, Span | None]] = []
    spans = getattr(seq, "item_spans", [])
    for i, v in enumerate(seq):
        if not isinstance(v, str):
            continue
        try:
            parts = shlex.split(v, comments=False) if any(c.isspace() for c in v) else [v]
        except ValueError:
            parts = v.split()
        span = spans[i] if i < len(spans) else None
        for part in parts:
            out.append((i, part, span))
    return out


def parse_flags(component: str, container: Any) -> Flags:
    """The flags a container passes to its component (command and args together)."""
    flags = Flags(component, container)
    for key in ("command", "args"):
        seq = container.get(key)
        if not isinstance(seq, list):
            continue
        words = _shell_words(seq) if any(isinstance(v, str) and " " in v.strip() for v in seq) else _words(seq)
        i = 0
        while i < len(words):
            index, word, span = words[i]
            m = _FLAG.match(word)
            if not m or word in ("--", "-c"):
                i += 1
                continue
            name, value = m.group(1), m.group(2)
            if value is None:
                nxt = words[i + 1][1] if i + 1 < len(words) else None
                if nxt is not None and not nxt.startswith("-"):
                    value = nxt
                    i += 1
                else:
                    value = "true"
            flags.items.append(Flag(name, value, seq, index, key, span))
            i += 1
    return flags


def _labels(meta: Any) -> dict:
    labels = meta.get("labels") if isinstance(meta, dict) else None
    return labels if isinstance(labels, dict) else {}


def static_pod_components(obj: Any) -> list[tuple[str, Any]]:
    """(component, container) of a control-plane static pod, or [] for any other object.

    A Pod counts when it runs a control-plane binary and is in kube-system (or names no
    namespace, as files in /etc/kubernetes/manifests do) or carries kubeadm's labels."""
    if not isinstance(obj, dict) or obj.get("kind") != "Pod":
        return []
    spec = obj.get("spec")
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if not isinstance(spec, dict) or not isinstance(spec.get("containers"), list):
        return []
    found = [(c, item) for item in spec["containers"] if (c := component_of(item)) in CONTROL_PLANE]
    if not found:
        return []
    labels = _labels(meta)
    namespace = meta.get("namespace")
    kubeadm = labels.get("tier") == "control-plane" or labels.get("component") in CONTROL_PLANE
    if namespace in (None, "", "kube-system") or kubeadm:
        return found
    return []


def component_subjects(obj: Any) -> Iterator[tuple[str, Any, Flags]]:
    """(component, container, flags) for every control-plane container of a static pod."""
    for component, container in static_pod_components(obj):
        yield component, container, parse_flags(component, container)


# kubeadm (v1beta3 maps, v1beta4 lists of {name, value}) -------------------------------
KUBEADM_GROUP = "kubeadm.k8s.io/"
_KUBEADM_FIELDS = {
    "kube-apiserver": ("apiServer",), "kube-controller-manager": ("controllerManager",),
    "kube-scheduler": ("scheduler",), "etcd": ("etcd", "local"),
}
_SET = "(set by kubeadm)"
# Flags kubeadm writes into the static pods it generates (kubeadm 1.2x), so a kubeadm
# configuration that does not mention them still runs with these values.
KUBEADM_DEFAULTS: dict[str, dict[str, str]] = {
    "kube-apiserver": {
        "authorization-mode": "Node,RBAC", "enable-admission-plugins": "NodeRestriction",
        "client-ca-file": _SET, "etcd-cafile": _SET, "etcd-certfile": _SET, "etcd-keyfile": _SET,
        "kubelet-client-certificate": _SET, "kubelet-client-key": _SET, "secure-port": "6443",
        "service-account-key-file": _SET, "tls-cert-file": _SET, "tls-private-key-file": _SET,
        "enable-bootstrap-token-auth": "true", "allow-privileged": "true"},
    "kube-controller-manager": {
        "bind-address": "127.0.0.1", "root-ca-file": _SET, "service-account-private-key-file": _SET,
        "use-service-account-credentials": "true", "client-ca-file": _SET, "leader-elect": "true"},
    "kube-scheduler": {"bind-address": "127.0.0.1", "leader-elect": "true"},
    "etcd": {"cert-file": _SET, "key-file": _SET, "client-cert-auth": "true", "peer-cert-file": _SET,
             "peer-key-file": _SET, "peer-client-cert-auth": "true", "trusted-ca-file": _SET,
             "peer-trusted-ca-file": _SET},
    "kubelet": {"anonymous-auth": "false", "authorization-mode": "Webhook", "client-ca-file": _SET,
                "read-only-port": "0", "rotate-certificates": "true"},
}


def _extra_args(holder: Any, key: str, component: str) -> Flags | None:
    args = holder.get(key) if isinstance(holder, dict) else None
    flags = Flags(component, holder, defaults=KUBEADM_DEFAULTS.get(component))
    if isinstance(args, dict):
        for name, value in args.items():
            flags.items.append(Flag(str(name), _text(value), args, name, key))
    elif isinstance(args, list):
        for i, item in enumerate(args):
            if isinstance(item, dict) and item.get("name"):
                flags.items.append(Flag(str(item["name"]), _text(item.get("value", "")), args, i, key))
    return flags


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def kubeadm_subjects(obj: Any) -> Iterator[tuple[str, Any, Flags]]:
    """(component, holder, flags) of a kubeadm ClusterConfiguration, InitConfiguration or
    JoinConfiguration: `extraArgs` of each control-plane component, `kubeletExtraArgs`."""
    if not isinstance(obj, dict) or not str(obj.get("apiVersion", "")).startswith(KUBEADM_GROUP):
        return
    kind = obj.get("kind")
    if kind == "ClusterConfiguration":
        for component, path in _KUBEADM_FIELDS.items():
            holder: Any = obj
            for key in path:
                holder = holder.get(key) if isinstance(holder, dict) else None
            if isinstance(holder, dict):
                flags = _extra_args(holder, "extraArgs", component)
                if flags is not None:
                    yield component, holder, flags
    elif kind in ("InitConfiguration", "JoinConfiguration"):
        node = obj.get("nodeRegistration")
        if isinstance(node, dict):
            flags = _extra_args(node, "kubeletExtraArgs", "kubelet")
            if flags is not None:
                yield "kubelet", node, flags

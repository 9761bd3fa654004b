"""NET_RAW added (also on a privileged container, where the explicit grant still says the
workload relies on raw sockets), or not dropped (neither NET_RAW nor ALL in drop; not
judged on privileged containers, which K8S002 reports). Windows pods are skipped."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import as_bool, capabilities, capability_names, is_windows, security_context
from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if is_windows(subject.context.get("pod_spec")):
        return
    sc = security_context(subject.node)
    add, drop = capabilities(subject.node)
    for i, name in capability_names(add):
        if name in ("NET_RAW", "ALL"):
            yield Hit(add, i, attr=f"securityContext.capabilities.add[{i}]",
                      values={"value": name, "problem": f"adds the capability {name}"})
            return
    if sc is not None and as_bool(sc.get("privileged")) is True:
        return  # a privileged container has every capability whatever it drops (K8S002)
    dropped = {name for _, name in capability_names(drop)}
    if dropped & {"NET_RAW", "ALL"}:
        return
    problem = "does not drop the NET_RAW capability"
    caps = sc.get("capabilities") if sc is not None else None
    if isinstance(caps, dict) and isinstance(caps.get("drop"), list):
        yield Hit(caps, "drop", attr="securityContext.capabilities.drop", values={"problem": problem})
    elif isinstance(caps, dict):
        yield Hit(sc, "capabilities", attr="securityContext.capabilities", values={"problem": problem})
    else:
        seq, index = subject.context["container_seq"], subject.context["container_index"]
        yield Hit(seq, index, attr="", values={"problem": problem,
                                                "missing": "securityContext.capabilities.drop"})


def fix(subject: Subject, hit: Hit, params: dict) -> list:
    return k8s.capability_fix(subject, hit, "NET_RAW")

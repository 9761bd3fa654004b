"""Restricted capabilities: drop ALL, add back only NET_BIND_SERVICE (Windows exempt)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import capabilities, capability_names, is_windows, security_context
from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if is_windows(subject.context.get("pod_spec")):
        return
    baseline = {str(c).upper() for c in params.get("baseline", ())}
    add, drop = capabilities(subject.node)
    dropped = {name for _, name in capability_names(drop)}
    exact = {str(v).strip() for v in drop} if isinstance(drop, list) else set()
    if "ALL" in dropped and "ALL" not in exact:
        written = next(str(v) for v in drop if str(v).strip().upper() in ("ALL", "CAP_ALL"))
        caps = (security_context(subject.node) or {}).get("capabilities")
        yield Hit(caps, "drop", attr="securityContext.capabilities.drop", values={
            "value": written, "problem": f"drops '{written}', which Pod Security admission does not "
                                         "read as ALL (it must be written 'ALL')"})
    elif "ALL" not in dropped:
        sc = security_context(subject.node)
        caps = sc.get("capabilities") if sc is not None else None
        problem = "does not drop ALL capabilities"
        if isinstance(caps, dict) and isinstance(caps.get("drop"), list):
            yield Hit(caps, "drop", attr="securityContext.capabilities.drop",
                      values={"problem": problem + " (drop lists only some)"})
        elif isinstance(caps, dict):
            yield Hit(sc, "capabilities", attr="securityContext.capabilities",
                      values={"problem": problem})
        else:
            seq, index = subject.context["container_seq"], subject.context["container_index"]
            yield Hit(seq, index, attr="", values={"problem": problem,
                                                    "missing": "securityContext.capabilities.drop"})
    for i, name in capability_names(add):
        if name != "NET_BIND_SERVICE" and name in baseline:
            yield Hit(add, i, attr=f"securityContext.capabilities.add[{i}]",
                      values={"value": name, "problem": f"adds the capability {name}"})


def fix(subject: Subject, hit: Hit, params: dict) -> list:
    return k8s.capability_fix(subject, hit, "ALL")

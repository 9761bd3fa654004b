"""allowPrivilegeEscalation must be false (container-only field; Windows pods exempt)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_pod import is_windows, security_context
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if is_windows(subject.context.get("pod_spec")):
        return
    sc = security_context(subject.node)
    value = sc.get("allowPrivilegeEscalation") if sc is not None else None
    if value is False:
        return
    if value is None:
        seq, index = subject.context["container_seq"], subject.context["container_index"]
        yield Hit(seq, index, attr="", values={
            "problem": "does not set securityContext.allowPrivilegeEscalation: false",
            "missing": "securityContext.allowPrivilegeEscalation"})
        return
    yield Hit(sc, "allowPrivilegeEscalation", attr="securityContext.allowPrivilegeEscalation",
              values={"value": str(value).lower(),
                      "problem": f"sets allowPrivilegeEscalation: {str(value).lower()}"})

"""readOnlyRootFilesystem must be true (ephemeral debug containers are left alone, and
Windows containers cannot have a read-only root file system)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_pod import is_windows, security_context
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.context.get("container_field") == "ephemeralContainers":
        return
    if is_windows(subject.context.get("pod_spec")):
        return
    sc = security_context(subject.node)
    value = sc.get("readOnlyRootFilesystem") if sc is not None else None
    if value is True:
        return
    if value is None:
        seq, index = subject.context["container_seq"], subject.context["container_index"]
        yield Hit(seq, index, attr="", values={
            "problem": "does not set securityContext.readOnlyRootFilesystem: true",
            "missing": "securityContext.readOnlyRootFilesystem"})
        return
    yield Hit(sc, "readOnlyRootFilesystem", attr="securityContext.readOnlyRootFilesystem",
              values={"value": str(value).lower(),
                      "problem": f"sets readOnlyRootFilesystem: {str(value).lower()}"})

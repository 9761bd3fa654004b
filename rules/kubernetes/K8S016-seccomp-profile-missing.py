"""Every container needs seccompProfile.type RuntimeDefault or Localhost in force
(Unconfined is K8S009's; Windows pods are exempt). The legacy seccomp annotations
(`seccomp.security.alpha.kubernetes.io/pod`, `container.seccomp...io/<name>`) set a
profile too on the clusters that still read them."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import ContainerRef, is_windows, required
from linter.model import Hit, Subject


def _good(profile) -> bool:
    return isinstance(profile, dict) and str(profile.get("type", "")) in (
        "RuntimeDefault", "Localhost", "Unconfined")


POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"


def _annotated(subject: Subject, ref: ContainerRef) -> bool:
    """A legacy annotation names a profile for this container (Unconfined is K8S009's)."""
    annotations = (subject.context.get("pod_metadata") or {}).get("annotations")
    if not isinstance(annotations, dict):
        return False
    value = annotations.get(CONTAINER_ANNOTATION + ref.name, annotations.get(POD_ANNOTATION))
    return isinstance(value, str) and value.strip() != ""


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if is_windows(subject.node):
        return
    for hit in required(subject, "seccompProfile", _good, otherwise=lambda ref: _annotated(subject, ref)):
        v = hit.values
        if "missing" in v:
            who = "no container" if v["container"] == "every container" else f"container '{v['container']}'"
            v["problem"] = (f"{who} has a seccomp profile (set seccompProfile.type: RuntimeDefault)"
                            if who == "no container" else f"{who} has no seccomp profile")
        else:
            v["problem"] = f"seccompProfile has no valid type ({v['value'] or 'empty'})"
        yield hit

"""Seccomp set to Unconfined: the field on pod and containers, and the legacy annotations."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import containers, security_context
from linter.model import Hit, Subject

POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node
    places = [(security_context(spec), "securityContext", "the pod")]
    for ref in containers(spec):
        places.append((security_context(ref.container), f"{ref.field}[{ref.index}].securityContext",
                       f"container '{ref.name}'"))
    for sc, attr, where in places:
        profile = sc.get("seccompProfile") if sc is not None else None
        if isinstance(profile, dict) and str(profile.get("type", "")) == "Unconfined":
            yield Hit(profile, "type", attr=f"{attr}.seccompProfile.type",
                      values={"value": "Unconfined", "where": where})
    annotations = (subject.context.get("pod_metadata") or {}).get("annotations")
    if not isinstance(annotations, dict):
        return
    for key, value in annotations.items():
        key = str(key)
        if key != POD_ANNOTATION and not key.startswith(CONTAINER_ANNOTATION):
            continue
        if str(value).strip().lower() == "unconfined":
            where = ("the pod annotation" if key == POD_ANNOTATION else
                     f"the annotation for container '{key[len(CONTAINER_ANNOTATION):]}'")
            yield Hit(annotations, key, attr=f"metadata.annotations.{key}",
                      values={"value": str(value), "where": where})

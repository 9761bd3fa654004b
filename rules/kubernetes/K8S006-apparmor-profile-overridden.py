"""AppArmor: the securityContext field (pod and containers) and the legacy annotations."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import containers, security_context
from linter.model import Hit, Subject

ALLOWED_TYPES = {"RuntimeDefault", "Localhost"}
ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node
    psc = security_context(spec)
    if psc is not None:
        yield from _field(psc, "securityContext", "the pod")
    for ref in containers(spec):
        csc = security_context(ref.container)
        if csc is not None:
            yield from _field(csc, f"{ref.field}[{ref.index}].securityContext",
                              f"container '{ref.name}'")
    annotations = (subject.context.get("pod_metadata") or {}).get("annotations")
    if isinstance(annotations, dict):
        for key, value in annotations.items():
            if not str(key).startswith(ANNOTATION_PREFIX):
                continue
            text = str(value).strip()
            if text == "runtime/default" or text.startswith("localhost/"):
                continue
            name = str(key)[len(ANNOTATION_PREFIX):]
            yield Hit(annotations, key, attr=f"metadata.annotations.{key}",
                      values={"value": text, "where": f"the annotation for container '{name}'"})


def _field(sc, attr: str, where: str) -> Iterator[Hit]:
    profile = sc.get("appArmorProfile")
    if not isinstance(profile, dict) or profile.get("type") is None:
        return
    if str(profile["type"]) not in ALLOWED_TYPES:
        yield Hit(profile, "type", attr=f"{attr}.appArmorProfile.type",
                  values={"value": str(profile["type"]), "where": where})

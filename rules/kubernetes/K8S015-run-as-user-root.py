"""Effective runAsUser 0; a pod-level 0 counts only for containers that do not override it."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_pod import containers, effective
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node
    seen: set[int] = set()
    for ref in containers(spec):
        setting = effective(spec, ref.container, "runAsUser")
        if setting is None or str(setting.value).strip() != "0" or isinstance(setting.value, bool):
            continue
        if id(setting.node) in seen:
            continue
        seen.add(id(setting.node))
        attr = ("securityContext.runAsUser" if setting.level == "pod"
                else f"{ref.field}[{ref.index}].securityContext.runAsUser")
        yield Hit(setting.node, "runAsUser", attr=attr,
                  values={"value": "0", "container": ref.name, "level": setting.level})

"""A container whose runAsUser in force is above 0 (K8S015 reports 0) but below the
parameter `min_uid` (10000): it may share a UID with a user or service of the node."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import effective, is_windows
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if is_windows(subject.context.get("pod_spec")):
        return
    minimum = int(params.get("min_uid", 10000))
    setting = effective(subject.context.get("pod_spec"), subject.node, "runAsUser")
    if setting is None or isinstance(setting.value, bool) or not isinstance(setting.value, int):
        return
    if 0 < setting.value < minimum:
        yield Hit(setting.node, "runAsUser", attr="securityContext.runAsUser" if setting.level == "container" else "",
                  values={"value": str(setting.value), "min": str(minimum), "level": setting.level})

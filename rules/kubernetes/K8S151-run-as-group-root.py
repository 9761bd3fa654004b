"""runAsGroup 0 in force for a container that does not run as root (K8S015 reports root)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import effective, is_windows
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if is_windows(subject.context.get("pod_spec")):
        return
    spec = subject.context.get("pod_spec")
    group = effective(spec, subject.node, "runAsGroup")
    if group is None or isinstance(group.value, bool) or group.value != 0:
        return
    user = effective(spec, subject.node, "runAsUser")
    if user is not None and user.value == 0:
        return
    yield Hit(group.node, "runAsGroup", attr="securityContext.runAsGroup" if group.level == "container" else "",
              values={"level": group.level})

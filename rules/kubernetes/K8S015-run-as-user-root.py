"""runAsUser 0 wherever it is written: on a container, or on the pod (Pod Security
admission rejects a pod-level 0 even when every container overrides it)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import explicit
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for setting, attr, container in explicit(subject, "runAsUser"):
        if isinstance(setting.value, bool) or str(setting.value).strip() != "0":
            continue
        who = f"container '{container}' runs" if container else "the pod's containers run"
        yield Hit(setting.node, "runAsUser", attr=attr,
                  values={"value": "0", "who": who, "level": setting.level})

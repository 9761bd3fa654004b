"""runAsNonRoot must be true for every container (pod level inherited, container wins)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_pod import required
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for hit in required(subject, "runAsNonRoot", lambda v: v is True):
        v = hit.values
        if "missing" in v:
            v["problem"] = (f"{v['container']} runs without runAsNonRoot: true"
                            if v["container"] == "every container" else
                            f"container '{v['container']}' runs without runAsNonRoot: true")
        else:
            v["problem"] = f"runAsNonRoot is {v['value']} ({v['level']} securityContext)"
        yield hit

"""runAsNonRoot must be true for every container (pod level inherited, container wins).
A container with a non-zero runAsUser in force runs as that user, so it is not missing it."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import ContainerRef, as_bool, effective, required
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node

    def non_root_uid(ref: ContainerRef) -> bool:
        uid = effective(spec, ref.container, "runAsUser")
        return uid is not None and not isinstance(uid.value, bool) and str(uid.value).strip().isdigit() \
            and int(str(uid.value).strip()) > 0

    for hit in required(subject, "runAsNonRoot", lambda v: as_bool(v) is True, otherwise=non_root_uid):
        v = hit.values
        if "missing" in v:
            v["problem"] = (f"{v['container']} runs without runAsNonRoot: true"
                            if v["container"] == "every container" else
                            f"container '{v['container']}' runs without runAsNonRoot: true")
        else:
            v["problem"] = f"runAsNonRoot is {v['value']} ({v['level']} securityContext)"
        yield hit

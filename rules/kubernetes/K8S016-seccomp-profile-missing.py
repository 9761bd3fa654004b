"""Every container needs seccompProfile.type RuntimeDefault or Localhost in force
(Unconfined is K8S009's; Windows pods are exempt)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.k8s_pod import is_windows, required
from linter.model import Hit, Subject


def _good(profile) -> bool:
    return isinstance(profile, dict) and str(profile.get("type", "")) in (
        "RuntimeDefault", "Localhost", "Unconfined")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if is_windows(subject.node):
        return
    for hit in required(subject, "seccompProfile", _good):
        v = hit.values
        if "missing" in v:
            who = "no container" if v["container"] == "every container" else f"container '{v['container']}'"
            v["problem"] = (f"{who} has a seccomp profile (set seccompProfile.type: RuntimeDefault)"
                            if who == "no container" else f"{who} has no seccomp profile")
        else:
            v["problem"] = f"seccompProfile has no valid type ({v['value'] or 'empty'})"
        yield hit

"""Volume sources outside the PSS restricted list; hostPath is K8S004's."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

NOT_SOURCES = {"name"}
COVERED_ELSEWHERE = {"hostPath"}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    allowed = set(params.get("allowed", ()))
    volumes = subject.node.get("volumes")
    if not isinstance(volumes, list):
        return
    for i, volume in enumerate(volumes):
        if not isinstance(volume, dict):
            continue
        for key, value in volume.items():
            if key in NOT_SOURCES or key in allowed or key in COVERED_ELSEWHERE or value is None:
                continue
            yield Hit(volume, key, attr=f"volumes[{i}].{key}",
                      values={"value": str(key), "volume": str(volume.get("name", i))})

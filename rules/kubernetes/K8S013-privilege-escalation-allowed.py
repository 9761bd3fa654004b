"""allowPrivilegeEscalation must be false (container-only field; Windows pods exempt)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import is_windows
from linter.model import Hit, Subject
from linter.rules import load_sibling

k8s = load_sibling(__file__, "_k8s.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if is_windows(subject.context.get("pod_spec")):
        return
    yield from k8s.security_flag_hits(subject, "allowPrivilegeEscalation", False)

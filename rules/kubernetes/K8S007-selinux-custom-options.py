"""SELinux: type from an allow list, no user or role; pod and container levels."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import containers, security_context
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    allowed = {str(t) for t in params.get("allowed_types", ())}
    spec = subject.node
    places = [(security_context(spec), "securityContext", "the pod")]
    for ref in containers(spec):
        places.append((security_context(ref.container), f"{ref.field}[{ref.index}].securityContext",
                       f"container '{ref.name}'"))
    for sc, attr, where in places:
        opts = sc.get("seLinuxOptions") if sc is not None else None
        if not isinstance(opts, dict):
            continue
        kind = opts.get("type")
        if kind not in (None, "") and str(kind) not in allowed:
            yield Hit(opts, "type", attr=f"{attr}.seLinuxOptions.type",
                      values={"value": str(kind), "option": "type", "where": where})
        for option in ("user", "role"):
            if opts.get(option) not in (None, ""):
                yield Hit(opts, option, attr=f"{attr}.seLinuxOptions.{option}",
                          values={"value": str(opts[option]), "option": option, "where": where})

"""automountServiceAccountToken: the pod's value wins, else its ServiceAccount's (when the
ServiceAccount is part of the scan: the definition in the pod's folder, else the nearest
parent folder; defined elsewhere several times, it is unknown), else Kubernetes mounts
the token."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import as_bool, pod_hit
from linter.model import Hit, Subject

KEY = "automountServiceAccountToken"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    spec = subject.node
    value = spec.get(KEY)
    if as_bool(value) is False:
        return
    sa_name = str(spec.get("serviceAccountName") or spec.get("serviceAccount") or "default")
    if value is not None:
        shown = str(value).lower()
        yield Hit(spec, KEY, attr=KEY, values={
            "value": shown, "problem": f"the pod sets {KEY}: {shown} (service account '{sa_name}')"})
        return
    cluster = subject.context.get("cluster") or {}
    index = cluster.get("objects")
    resolved = index.resolve("ServiceAccount", subject.context.get("namespace") or "", sa_name,
                             subject.path) if index is not None else None
    if resolved is not None and resolved.ambiguous:
        hit = pod_hit(subject, missing=KEY, value=f"ServiceAccount {sa_name} is defined in "
                      f"{', '.join(resolved.paths)}", problem=(
                          f"the pod mounts the token of service account '{sa_name}' unless its "
                          f"ServiceAccount sets {KEY}: false"))
        hit.unknown = True
        yield hit
        return
    account = resolved.obj if resolved is not None else None
    if account is not None and as_bool(account.get(KEY)) is False:
        return
    yield pod_hit(subject, missing=KEY, problem=(
        f"the pod mounts the token of service account '{sa_name}' "
        f"(set {KEY}: false if it does not call the Kubernetes API)"))

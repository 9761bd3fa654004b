"""automountServiceAccountToken: the pod's value wins, else its ServiceAccount's (when the
ServiceAccount is part of the scan), else Kubernetes mounts the token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
    accounts = cluster.get("service_accounts") or {}
    account = _account(accounts, subject.context.get("namespace") or "", sa_name)
    if account is not None and as_bool(account.get(KEY)) is False:
        return
    yield pod_hit(subject, missing=KEY, problem=(
        f"the pod mounts the token of service account '{sa_name}' "
        f"(set {KEY}: false if it does not call the Kubernetes API)"))


def _account(accounts: dict, namespace: str, name: str) -> Any:
    """The pod's ServiceAccount: same namespace, else (when one side leaves the namespace
    to `kubectl -n` or kustomize) the only account of that name."""
    account = accounts.get((namespace, name))
    if account is not None:
        return account
    same_name = [a for (ns, n), a in accounts.items() if n == name and (not ns or not namespace)]
    return same_name[0] if len(same_name) == 1 else None

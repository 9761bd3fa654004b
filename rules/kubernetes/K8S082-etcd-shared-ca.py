"""etcd trusts the same CA file the API server uses for client certificates (CIS 2.7):
compared with the kube-apiserver static pods in the same folder, a parent or a sub-folder."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.cluster import related
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    trusted = subject.context["flags"].get("trusted-ca-file")
    if trusted is None or not trusted.value:
        return
    cluster = subject.context.get("cluster") or {}
    for path, component, flags in cluster.get("components") or ():
        client_ca = flags.get("client-ca-file") if component == "kube-apiserver" else None
        if client_ca is not None and client_ca.value == trusted.value and related(path, subject.path):
            yield trusted.hit(problem=f"etcd trusts {trusted.value}, the CA the API server accepts client "
                                      "certificates from: any certificate it signs for a user is also an etcd client")
            return

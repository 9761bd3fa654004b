"""update/patch on certificatesigningrequests/approval together with `approve` on signers:
the holder can approve its own certificate requests, e.g. for a system:masters identity."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.rbac import policy_rules
from linter.model import Hit, Subject

GROUP = "certificates.k8s.io"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    approval = None
    signers = False
    for rule in policy_rules(subject.node):
        if not rule.values("apiGroups") & {GROUP, "*"}:
            continue
        verbs = rule.values("verbs")
        resources = rule.values("resources")
        if verbs & {"update", "patch", "*"} and resources & {"certificatesigningrequests/approval", "*"}:
            for seq, i, value in rule.items("resources"):
                if value in ("certificatesigningrequests/approval", "*") and approval is None:
                    approval = Hit(seq, i, attr=f"rules[{rule.index}].resources[{i}]", values={"value": value})
        if verbs & {"approve", "*"} and resources & {"signers", "*"}:
            signers = True
    if approval is not None and signers:
        yield approval

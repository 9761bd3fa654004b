"""create on serviceaccounts/token, unless limited to named service accounts."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.rbac import policy_rules
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    cluster_wide = subject.node.get("kind") == "ClusterRole"
    for rule in policy_rules(subject.node):
        if not rule.core_group() or rule.values("resourceNames"):
            continue
        if not {"create", "*"} & rule.values("verbs"):
            continue
        for seq, i, value in rule.items("resources"):
            if value in ("serviceaccounts/token", "serviceaccounts/*"):
                scope = ("every service account in the cluster" if cluster_wide
                         else "every service account in the namespace")
                yield Hit(seq, i, attr=f"rules[{rule.index}].resources[{i}]",
                          values={"value": value, "scope": scope})

"""create (or `*`) on pods or on the workload resources that create pods."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.rbac import policy_rules
from linter.model import Hit, Subject

WORKLOADS = {"": ("pods", "replicationcontrollers", "podtemplates"),
             "apps": ("deployments", "statefulsets", "daemonsets", "replicasets"),
             "batch": ("jobs", "cronjobs")}
VERBS = ("create", "*")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for rule in policy_rules(subject.node):
        verbs = [v for v in VERBS if v in rule.values("verbs")]
        if not verbs:
            continue
        groups = rule.values("apiGroups") if "apiGroups" in rule.node else {""}
        names = {r for g, rs in WORKLOADS.items() if g in groups or "*" in groups for r in rs}
        for seq, i, value in rule.items("resources"):
            if value in names:
                yield Hit(seq, i, attr=f"rules[{rule.index}].resources[{i}]",
                          values={"value": value, "verbs": "/".join(verbs)})

"""Audit policy rules are matched in order and the first match sets the level: a request
to secrets, configmaps or tokenreviews that reaches no rule, or a `level: None` rule, is
not recorded at all."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_cfg = load_sibling(__file__, "_clusterconfig.py")
SENSITIVE = (("", "secrets"), ("", "configmaps"), ("authentication.k8s.io", "tokenreviews"))


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    policy = subject.node
    if not str(policy.get("apiVersion", "")).startswith("audit.k8s.io/"):
        return  # Kyverno and others have a kind Policy too
    unlogged: dict[int | None, list[str]] = {}
    for group, resource in SENSITIVE:
        level, _, index = _cfg.audit_level(policy, group, resource)
        if level == "None":
            unlogged.setdefault(index, []).append(resource)
    for index, resources in unlogged.items():
        names = ", ".join(resources)
        if index is None:
            yield Hit(policy, "rules" if "rules" in policy else "kind", attr="rules", values={
                "problem": f"no rule logs requests to {names}: they leave no audit record"})
        else:
            rule = policy["rules"][index]
            yield Hit(rule, "level" if "level" in rule else None, attr=f"rules[{index}].level", values={
                "problem": f"rule {index + 1} (level: None) is the first to match {names}: "
                           "requests to them leave no audit record"})

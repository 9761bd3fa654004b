"""Request or RequestResponse for secrets, configmaps or tokenreviews writes their
contents (secret values, bearer tokens) into the audit log."""

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
    found: dict[int, list[str]] = {}
    for group, resource in SENSITIVE:
        level, _, index = _cfg.audit_level(policy, group, resource)
        if level in ("Request", "RequestResponse") and index is not None:
            found.setdefault(index, []).append(resource)
    for index, resources in found.items():
        rule = policy["rules"][index]
        yield Hit(rule, "level", attr=f"rules[{index}].level", values={
            "value": str(rule.get("level")), "resources": ", ".join(resources)})

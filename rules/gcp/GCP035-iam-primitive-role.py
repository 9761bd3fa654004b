"""Owner/Editor granted to principals at project, folder or organisation level, in IAM
members, bindings or whole policies."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kinds.terraform.rulekit import list_items
from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling

_BASIC = ("roles/owner", "roles/editor")
_PRINCIPAL = re.compile(r"^(user|group|domain|serviceAccount):")


iam = load_sibling(__file__, "_gcp_iam.py")


def _principal(value: object) -> bool:
    return isinstance(value, str) and not isinstance(value, Unknown) and bool(_PRINCIPAL.match(value))


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if "policy_data" in node:
        bindings = iam.policy_bindings(node, "policy_data", subject.context.get("module"))
        if bindings is None:
            value = node.get("policy_data")
            yield Hit(node, "policy_data", attr="policy_data",
                      values={"value": getattr(value, "expr", str(value))}, unknown=True)
            return
        for role, members in bindings:
            if role in _BASIC and any(_principal(m) for m in members):
                yield Hit(node, "policy_data", attr="policy_data", values={"value": role})
                return
        return
    role = node.get("role")
    if isinstance(role, Unknown):
        yield Hit(node, "role", attr="role", values={"value": role.expr}, unknown=True)
        return
    if role not in _BASIC:
        return
    members = [node.get("member")] + list_items(node.get("members"))
    if any(_principal(m) for m in members):
        yield Hit(node, "role", attr="role", values={"value": role})

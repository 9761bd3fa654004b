"""AdministratorAccess attached to IAM users, by ARN or through a data "aws_iam_policy"."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import as_list, is_unknown
from linter.model import Hit, Subject

ADMIN = ":policy/AdministratorAccess"


def _is_admin(subject: Subject, value) -> bool | None:
    if isinstance(value, str) and not is_unknown(value):
        return value.strip().endswith(ADMIN)
    address = getattr(value, "address", None)
    view = subject.context.get("module")
    if address and address.startswith("data.aws_iam_policy.") and view is not None:
        data = view.lookup(address)
        if data is not None:
            for key in ("arn", "name"):
                known = data.node.get(key)
                if isinstance(known, str) and not is_unknown(known):
                    return known.strip() == "AdministratorAccess" or known.strip().endswith(ADMIN)
    return None


def _users(node) -> bool | None:
    if "user" in node or "user_name" in node:
        return True
    users = node.get("users")
    if users is None:
        return False
    if is_unknown(users):
        return None
    return bool(as_list(users))


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    users = _users(node)
    if users is False:
        return
    places = [("policy_arn", node.get("policy_arn"))] if "policy_arn" in node else []
    arns = node.get("policy_arns")
    if isinstance(arns, list):
        places.extend(("policy_arns", arn) for arn in arns)
    for key, value in places:
        admin = _is_admin(subject, value)
        if admin is False:
            continue
        yield Hit(node, key, attr=key, unknown=admin is None or users is None,
                  values={"value": "AdministratorAccess" if admin else str(value)})
        return

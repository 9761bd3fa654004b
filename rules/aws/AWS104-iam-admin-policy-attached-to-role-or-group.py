"""AdministratorAccess attached to roles or groups (users are judged by AWS014), by ARN
or through a data "aws_iam_policy"."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import as_list, is_unknown
from linter.model import Hit, Subject

ADMIN = ":policy/AdministratorAccess"

# attribute naming the holder -> how the message names it
HOLDERS = (("role", "an IAM role"), ("group", "an IAM group"), ("role_name", "an IAM role"),
           ("group_name", "an IAM group"), ("roles", "IAM roles"), ("groups", "IAM groups"))


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


def _holder(subject: Subject) -> str | None:
    if subject.type == "aws_iam_role":
        return "the IAM role"
    node = subject.node
    for key, label in HOLDERS:
        value = node.get(key)
        if value is None:
            continue
        if key in ("roles", "groups") and not is_unknown(value) and not as_list(value):
            continue
        return label
    return None


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    holder = _holder(subject)
    if holder is None:
        return
    places = [("policy_arn", node.get("policy_arn"))] if "policy_arn" in node else []
    for key in ("policy_arns", "managed_policy_arns"):
        arns = node.get(key)
        if isinstance(arns, list):
            places.extend((key, arn) for arn in arns)
    for key, value in places:
        if _is_admin(subject, value) is True:
            yield Hit(node, key, attr=key, values={"holder": holder})
            return

"""IAM helpers of the Google Cloud checks: public principals in members, bindings and
policies (inline JSON or `google_iam_policy` data sources), default service accounts and
their access scopes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from linter.kinds.terraform.rulekit import blocks, list_items, shown
from linter.model import Hit, Map, Unknown
from linter.rules import load_sibling

_base = load_sibling(__file__, "_gcp.py")
MISSING = _base.MISSING
truth = _base.truth


PUBLIC_MEMBERS = ("allusers", "allauthenticatedusers")


def is_public_member(value: Any) -> bool | None:
    if isinstance(value, Unknown):
        return None
    if not isinstance(value, str):
        return False
    text = value.strip().lower()
    # "allUsers", "READER:allUsers" (legacy ACL role_entity), "iamMember:allUsers"
    return text.rsplit(":", 1)[-1] in PUBLIC_MEMBERS


def public_entries(container: Any, key: Any, attr: str) -> Iterator[Hit]:
    """Hits for public principals in `container[key]` (a string or a list of strings);
    unknown hits for values that cannot be read."""
    value = container.get(key) if isinstance(container, dict) else MISSING
    if value is MISSING:
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            state = is_public_member(item)
            if state:
                yield Hit(value, i, attr=f"{attr}[{i}]", values={"value": item})
            elif state is None:
                yield Hit(value, i, attr=f"{attr}[{i}]", values={"value": shown(item)}, unknown=True)
        return
    state = is_public_member(value)
    if state:
        yield Hit(container, key, attr=attr, values={"value": value})
    elif state is None:
        yield Hit(container, key, attr=attr, values={"value": shown(value)}, unknown=True)


def iam_public_hits(subject: Any, *extra_keys: str) -> Iterator[Hit]:
    """Public principals of an IAM member, binding or policy resource: its `member`,
    `members` (and `extra_keys`) entries and its `policy_data` policy."""
    node = subject.node
    for key in ("member", "members", *extra_keys):
        yield from public_entries(node, key, key)
    if "policy_data" in node:
        yield from policy_public_members(node, "policy_data", subject.context.get("module"))


def policy_public_members(container: Map, key: str, module: Any = None) -> Iterator[Hit]:
    """Public members in a `policy_data` IAM policy: a JSON string, the structure of an
    evaluated `jsonencode()`, or a reference to a `google_iam_policy` data source, whose
    `binding` blocks are read through the module view."""
    value = container.get(key)
    address = getattr(value, "address", None)
    if isinstance(address, str) and address.startswith("data.google_iam_policy.") and module:
        source = module.lookup(address)
        if source is not None:
            for binding in blocks(source.node, "binding"):
                for member in list_items(binding.get("members")):
                    if is_public_member(member):
                        yield Hit(container, key, attr=key, values={"value": member})
                        return
            return
    if isinstance(value, Unknown):
        yield Hit(container, key, attr=key, values={"value": value.expr}, unknown=True)
        return
    data = value
    if isinstance(value, str):
        try:
            data = json.loads(value)
        except ValueError:
            return
    if not isinstance(data, dict):
        return
    for binding in list_items(data.get("bindings")):
        if not isinstance(binding, dict):
            continue
        for member in list_items(binding.get("members")):
            if is_public_member(member):
                yield Hit(container, key, attr=key, values={"value": member})
                return


FULL_SCOPES = ("cloud-platform", "https://www.googleapis.com/auth/cloud-platform")


def is_default_account(email: Any) -> bool | None:
    """Whether a service account email is the project's default compute account
    (an omitted or empty email, "default", or <number>-compute@developer...)."""
    if email is MISSING or email is None or email == "":
        return True
    if isinstance(email, Unknown):
        return None
    if not isinstance(email, str):
        return False
    text = email.strip().lower()
    return text == "default" or text.endswith("-compute@developer.gserviceaccount.com")


def full_scope_hit(account: Map) -> Hit | None:
    """The scopes entry that grants every Cloud API, if any."""
    scopes = account.get("scopes")
    if not isinstance(scopes, list):
        return None
    for i, scope in enumerate(scopes):
        if isinstance(scope, str) and scope.strip() in FULL_SCOPES:
            return Hit(scopes, i, attr=f"service_account.scopes[{i}]", values={"value": scope})
    return None


def policy_bindings(container: Map, key: str, module: Any = None) -> list[tuple[Any, list]] | None:
    """(role, members) of every binding of a `policy_data` value: JSON text, an evaluated
    `jsonencode()`, or a `google_iam_policy` data source. None when it cannot be read."""
    value = container.get(key)
    address = getattr(value, "address", None)
    if isinstance(address, str) and address.startswith("data.google_iam_policy.") and module:
        source = module.lookup(address)
        if source is None:
            return None
        return [(b.get("role"), list_items(b.get("members"))) for b in blocks(source.node, "binding")]
    if isinstance(value, Unknown):
        return None
    data = getattr(value, "value", value)
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return None
    if not isinstance(data, dict):
        return None
    return [(b.get("role"), list_items(b.get("members"))) for b in list_items(data.get("bindings"))
            if isinstance(b, dict)]

"""Literal access keys in `provider "aws"`, also through a variable default or .tfvars.
Local emulators (LocalStack, moto) take dummy keys with `skip_credentials_validation`:
those are only reported when the key looks like a real AWS access key id."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds._credentials import AWS_ACCESS_KEY_ID
from linter.kinds.terraform.rulekit import is_unknown, truth
from linter.model import Hit, Subject

ATTRIBUTES = ("access_key", "secret_key", "token")


def _literal(value: object) -> bool:
    return isinstance(value, str) and not is_unknown(value) and bool(value.strip())


def _where(subject: Subject, attribute: str) -> str:
    raw = (subject.context.get("block") or {}).get(attribute)
    if isinstance(raw, str) and "var." in raw:
        return "through a variable default or .tfvars"
    return "in the provider block"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    emulator = truth(node.get("skip_credentials_validation", False)) is True
    real_key = _literal(node.get("access_key")) and AWS_ACCESS_KEY_ID.fullmatch(node["access_key"].strip()) is not None
    if emulator and not real_key:
        return
    for attribute in ATTRIBUTES:
        if _literal(node.get(attribute)):
            yield Hit(node, attribute, attr=attribute,
                      values={"attribute": attribute, "where": _where(subject, attribute)})

"""The default compute service account combined with the cloud-platform scope."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject
from linter.rules import load_sibling

lib = load_sibling(__file__, "_gcp.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for account in blocks(subject.node, "service_account"):
        if lib.is_default_account(account.get("email", lib.MISSING)) is not True:
            continue
        hit = lib.full_scope_hit(account)
        if hit is not None:
            yield hit

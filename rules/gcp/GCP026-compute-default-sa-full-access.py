"""The default compute service account combined with the cloud-platform scope."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject
from linter.rules import load_sibling

base = load_sibling(__file__, "_gcp.py")
iam = load_sibling(__file__, "_gcp_iam.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for account in blocks(subject.node, "service_account"):
        if iam.is_default_account(account.get("email", base.MISSING)) is not True:
            continue
        hit = iam.full_scope_hit(account)
        if hit is not None:
            yield hit

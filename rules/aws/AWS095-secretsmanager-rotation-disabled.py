"""A secret is rotated by an aws_secretsmanager_secret_rotation that refers to it (or, with old providers, inline rotation settings). Without the module's resources, nothing is decided."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if node.get("rotation_lambda_arn") is not None or blocks(node, "rotation_rules"):
        return
    module = subject.context.get("module")
    referencing = getattr(module, "referencing", None)
    if referencing is None:
        return
    for attribute in ("secret_id",):
        if referencing(subject, "aws_secretsmanager_secret_rotation", attribute):
            return
    yield Hit(node, None, attr="rotation")

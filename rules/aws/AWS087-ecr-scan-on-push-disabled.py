"""image_scanning_configuration must exist with scan_on_push = true, unless the module configures registry-level scanning (aws_ecr_registry_scanning_configuration), which supersedes it."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import require_block_flag
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    module = subject.context.get("module")
    for other in getattr(module, "resources", None) or []:
        if other.type == "aws_ecr_registry_scanning_configuration":
            return
    yield from require_block_flag(subject.node, "image_scanning_configuration", key="scan_on_push")

"""Logging is an inline logging block (provider < 6) or an aws_redshift_logging resource referring to the cluster. Without the module's resources, a cluster with no inline block is not decided."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_dynamic, truth
from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    disabled = None
    for index, block in enumerate(blocks(node, "logging")):
        enabled = truth(block.get("enable", False))
        if is_dynamic(block) or enabled is not False:
            return  # enabled, or decided by values we do not know
        disabled = Hit(block, "enable" if "enable" in block else None, attr=f"logging[{index}].enable")
    module = subject.context.get("module")
    referencing = getattr(module, "referencing", None)
    if referencing is not None and referencing(subject, "aws_redshift_logging", "cluster_identifier"):
        return
    if disabled is not None:
        yield disabled
    elif referencing is not None:
        yield Hit(node, None, attr="logging")

"""Internet-facing HTTP endpoints that no WAFv2 association in the configuration names."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth
from linter.model import Hit, Subject


def _internet_facing(subject: Subject) -> bool:
    node = subject.node
    if subject.type in ("aws_lb", "aws_alb"):
        kind = node.get("load_balancer_type", "application")
        return truth(node.get("internal", False)) is False and kind == "application"
    return True


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    view = subject.context.get("module")
    if view is None or not isinstance(subject.node, dict) or not _internet_facing(subject):
        return
    if subject.node.get("web_acl_arn") is not None:
        return
    if view.referencing(subject, "aws_wafv2_web_acl_association", "resource_arn"):
        return
    yield Hit(subject.node, None, attr="")

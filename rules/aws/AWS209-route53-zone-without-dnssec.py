"""Public hosted zones without DNSSEC signing."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    view = subject.context.get("module")
    node = subject.node
    if view is None or not isinstance(node, dict) or node.get("vpc") is not None:
        return  # private zones are not resolvable from the Internet
    if not view.referencing(subject, "aws_route53_hosted_zone_dnssec", "hosted_zone_id"):
        yield Hit(node, None, attr="")

"""Resources whose logging is a separate resource that must name them."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

# resource type -> (logging resource type, attribute naming the resource, message)
COMPANIONS = {
    "aws_wafv2_web_acl": ("aws_wafv2_web_acl_logging_configuration", "resource_arn",
                          "logs no inspected requests (no aws_wafv2_web_acl_logging_configuration)"),
    "aws_route53_zone": ("aws_route53_query_log", "zone_id",
                         "logs no DNS queries (no aws_route53_query_log)"),
    "aws_networkfirewall_firewall": ("aws_networkfirewall_logging_configuration", "firewall_arn",
                                     "logs no flows or alerts (no aws_networkfirewall_logging_configuration)"),
}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    view = subject.context.get("module")
    node = subject.node
    if view is None or not isinstance(node, dict) or subject.type not in COMPANIONS:
        return
    if subject.type == "aws_route53_zone" and node.get("vpc") is not None:
        return  # private zones log through Route 53 Resolver query logging
    rtype, attribute, what = COMPANIONS[subject.type]
    if not view.referencing(subject, rtype, attribute):
        yield Hit(node, None, attr="", values={"what": what})

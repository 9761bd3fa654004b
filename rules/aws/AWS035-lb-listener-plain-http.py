"""Load balancer listeners that serve plain HTTP instead of redirecting to HTTPS."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_unknown
from linter.model import Hit, Subject


def _redirects_to_https(action) -> bool | None:
    kind = action.get("type")
    if is_unknown(kind):
        return None
    kind = str(kind).strip().lower()
    if kind == "fixed-response":
        return True  # answers without reaching a target
    if kind != "redirect":
        return False
    for redirect in blocks(action, "redirect"):
        proto = redirect.get("protocol")
        if is_unknown(proto):
            return None
        if str(proto).strip().upper() == "HTTPS":
            return True
    return False


def _application_lb(subject: Subject) -> bool:
    """Does the listener belong to an Application Load Balancer of this configuration?"""
    address = getattr(subject.node.get("load_balancer_arn"), "address", None)
    view = subject.context.get("module")
    lb = view.lookup(address) if address and view is not None else None
    if lb is None or lb.type not in ("aws_lb", "aws_alb"):
        return False
    kind = lb.node.get("load_balancer_type", "application")
    return isinstance(kind, str) and not is_unknown(kind) and kind.strip().lower() == "application"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "aws_elb":
        for i, listener in enumerate(blocks(node, "listener")):
            proto = listener.get("lb_protocol")
            if isinstance(proto, str) and not is_unknown(proto) and proto.strip().lower() == "http":
                yield Hit(listener, "lb_protocol", attr=f"listener[{i}].lb_protocol",
                          values={"action": "forwards"})
        return
    proto = node.get("protocol")
    if proto is None and _application_lb(subject):
        proto = "HTTP"  # the default protocol of Application Load Balancer listeners
    if is_unknown(proto) or not isinstance(proto, str) or proto.strip().upper() != "HTTP":
        return
    key = "protocol" if "protocol" in node else None
    actions = list(blocks(node, "default_action"))
    states = [_redirects_to_https(a) for a in actions]
    if actions and all(s is True for s in states):
        return
    if any(s is None for s in states) and not any(s is False for s in states):
        yield Hit(node, key, attr="protocol", unknown=True, values={"value": "default_action"})
        return
    yield Hit(node, key, attr="protocol", values={"action": "forwards"})

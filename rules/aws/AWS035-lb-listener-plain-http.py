"""Load balancer listeners that serve plain HTTP instead of redirecting to HTTPS."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _lib():
    name = "iacgate_rules_aws_lib"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("_aws_lib.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


lib = _lib()


def _redirects_to_https(action) -> bool | None:
    kind = action.get("type")
    if lib.is_unknown(kind):
        return None
    kind = str(kind).strip().lower()
    if kind == "fixed-response":
        return True  # answers without reaching a target
    if kind != "redirect":
        return False
    for redirect in lib.blocks(action, "redirect"):
        proto = redirect.get("protocol")
        if lib.is_unknown(proto):
            return None
        if str(proto).strip().upper() == "HTTPS":
            return True
    return False


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "aws_elb":
        for i, listener in enumerate(lib.blocks(node, "listener")):
            proto = listener.get("lb_protocol")
            if isinstance(proto, str) and not lib.is_unknown(proto) and proto.strip().lower() == "http":
                yield Hit(listener, "lb_protocol", attr=f"listener[{i}].lb_protocol",
                          values={"action": "forwards"})
        return
    proto = node.get("protocol")
    if lib.is_unknown(proto) or not isinstance(proto, str) or proto.strip().upper() != "HTTP":
        return
    actions = list(lib.blocks(node, "default_action"))
    states = [_redirects_to_https(a) for a in actions]
    if actions and all(s is True for s in states):
        return
    if any(s is None for s in states) and not any(s is False for s in states):
        yield Hit(node, "protocol", attr="protocol", unknown=True, values={"value": "default_action"})
        return
    yield Hit(node, "protocol", attr="protocol", values={"action": "forwards"})

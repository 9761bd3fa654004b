"""REST methods with authorization = NONE (no API key, not OPTIONS, API not PRIVATE) and HTTP API / WebSocket  routes whose authorization_type is NONE or unset."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_unknown, truth, unknown_hit
from linter.model import Hit, Subject

_HTTP_ROUTE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|ANY) /")


def _private_api(subject: Subject) -> bool:
    """The method's REST API (followed by reference) has a PRIVATE endpoint."""
    ref = subject.node.get("rest_api_id")
    module = subject.context.get("module")
    address = getattr(ref, "address", None)
    if module is None or not address:
        return False
    api = module.lookup(address)
    if api is None:
        return False
    for block in blocks(api.node, "endpoint_configuration"):
        types = block.get("types")
        if isinstance(types, list) and "PRIVATE" in types:
            return True
    return False


def _rest_method(subject: Subject) -> Iterator[Hit]:
    node = subject.node
    auth, method = node.get("authorization"), node.get("http_method")
    if is_unknown(auth) or is_unknown(method):
        yield unknown_hit(node, "authorization" if is_unknown(auth) else "http_method",
                             "authorization")
        return
    if not isinstance(auth, str) or auth.upper() != "NONE":
        return
    if not isinstance(method, str) or method.upper() == "OPTIONS":
        return
    if truth(node.get("api_key_required", False)) is not False:
        return
    if _private_api(subject):
        return
    yield Hit(node, "authorization", attr="authorization",
              values={"what": 'authorization = "NONE", no API key'})


def _v2_route(subject: Subject) -> Iterator[Hit]:
    node = subject.node
    auth, route = node.get("authorization_type", "NONE"), node.get("route_key")
    if is_unknown(auth) or is_unknown(route):
        yield unknown_hit(node, "authorization_type" if is_unknown(auth) else "route_key",
                             "authorization_type")
        return
    if not isinstance(auth, str) or auth.upper() != "NONE" or not isinstance(route, str):
        return
    if route != "$connect" and not _HTTP_ROUTE.match(route):
        return  # OPTIONS preflight, $default, and WebSocket routes that cannot be authorized
    if truth(node.get("api_key_required", False)) is True:
        return
    key = "authorization_type" if "authorization_type" in node else None
    what = 'authorization_type = "NONE"' if key else "authorization_type not set"
    yield Hit(node, key, attr="authorization_type", values={"what": what})


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.type == "aws_apigatewayv2_route":
        yield from _v2_route(subject)
    else:
        yield from _rest_method(subject)

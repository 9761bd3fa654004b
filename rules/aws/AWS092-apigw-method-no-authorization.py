"""authorization = NONE without an API key on a non-OPTIONS method of an API that is not PRIVATE."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _values():
    """The AWS pack's shared value readers (checks are loaded by path, not as a package)."""
    path = Path(__file__).with_name("_tfvalues.py")
    name = f"iacgate_aws_tfvalues_{abs(hash(str(path)))}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


tv = _values()


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
    for block in tv.blocks(api.node, "endpoint_configuration"):
        types = block.get("types")
        if isinstance(types, list) and "PRIVATE" in types:
            return True
    return False


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    auth, method = node.get("authorization"), node.get("http_method")
    if tv.is_unknown(auth) or tv.is_unknown(method):
        yield tv.unknown_hit(node, "authorization" if tv.is_unknown(auth) else "http_method",
                             "authorization")
        return
    if not isinstance(auth, str) or auth.upper() != "NONE":
        return
    if not isinstance(method, str) or method.upper() == "OPTIONS":
        return
    if tv.truth(node.get("api_key_required", False)) is not False:
        return
    if _private_api(subject):
        return
    yield Hit(node, "authorization", attr="authorization", values={"value": auth})

"""HTTPS/TLS listeners whose security policy still accepts TLS 1.0 or 1.1."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown
from linter.model import Hit, Subject

MODERN = re.compile(r"TLS13-1-[23]|TLS-1-2|FS-1-2", re.IGNORECASE)


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    proto = node.get("protocol")
    if is_unknown(proto) or not isinstance(proto, str):
        return
    if proto.strip().upper() not in ("HTTPS", "TLS"):
        return
    policy = node.get("ssl_policy")
    if policy is None:
        yield Hit(node, "protocol", attr="ssl_policy",
                  values={"policy": "the provider default ELBSecurityPolicy-2016-08"})
        return
    if is_unknown(policy):
        yield Hit(node, "ssl_policy", attr="ssl_policy", unknown=True, values={"value": policy.expr})
        return
    if not MODERN.search(str(policy)):
        yield Hit(node, "ssl_policy", attr="ssl_policy", values={"policy": str(policy)})

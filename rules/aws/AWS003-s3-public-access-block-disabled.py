"""Public access block resources that leave one of the four protections off."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import truth

SETTINGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    missing = []
    for name in SETTINGS:
        if name not in node or node[name] is None:
            missing.append(name)
            continue
        state = truth(node[name])
        if state is True:
            continue
        yield Hit(node, name, attr=name, unknown=state is None,
                  values={"settings": f"{name} = false", "value": str(node[name])})
    if missing:
        yield Hit(node, None, attr="", values={
            "settings": ", ".join(missing) + (" is" if len(missing) == 1 else " are") + " not set (false)",
            "missing": ", ".join(missing)})

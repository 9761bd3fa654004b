"""Public access block resources that leave one of the four protections off."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth
from linter.model import Hit, Subject
from linter.rules import load_sibling

registry = load_sibling(__file__, "_registry_modules.py")

SETTINGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")


def _module(node: dict) -> Iterator[Hit]:
    """terraform-aws-modules/s3-bucket passes these inputs to its public access block;
    only a setting turned off explicitly is judged (defaults changed between versions)."""
    for name in SETTINGS:
        if name in node and node[name] is not None and truth(node[name]) is not True:
            yield Hit(node, name, attr=name, unknown=truth(node[name]) is None,
                      values={"settings": f"{name} = false", "value": str(node[name])})


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "module":
        if registry.registry_module(node, "s3-bucket"):
            yield from _module(node)
        return
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

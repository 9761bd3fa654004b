"""Instances and launch templates that still accept IMDSv1 (no session token)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, first_block, is_unknown
from linter.model import Hit, Subject
from linter.rules import load_sibling

registry = load_sibling(__file__, "_registry_modules.py")


def _module(node: dict) -> Iterator[Hit]:
    """terraform-aws-modules/ec2-instance and autoscaling take `metadata_options` as a map;
    their defaults changed between versions, so only an explicit optional is judged."""
    opts = node.get("metadata_options")
    if not isinstance(opts, dict) or "http_tokens" not in opts:
        return
    endpoint = opts.get("http_endpoint")
    if isinstance(endpoint, str) and endpoint.strip().lower() == "disabled":
        return
    tokens = opts["http_tokens"]
    if is_unknown(tokens):
        yield Hit(opts, "http_tokens", attr="metadata_options.http_tokens", unknown=True,
                  values={"value": tokens.expr})
    elif str(tokens).strip().lower() != "required":
        yield Hit(opts, "http_tokens", attr="metadata_options.http_tokens",
                  values={"value": f"http_tokens = {tokens}"})


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "module":
        if registry.registry_module(node, "ec2-instance", "autoscaling"):
            yield from _module(node)
        return
    options = list(blocks(node, "metadata_options"))
    if not options and first_block(node, "launch_template") is not None:
        return  # the launch template's metadata options apply (checked on the template)
    if not options:
        # AMIs registered with ImdsSupport v2.0 (Amazon Linux 2023) require tokens anyway
        yield Hit(node, None, confidence="medium",
                  values={"value": "metadata_options not set: IMDSv1 stays on unless the AMI requires v2"})
        return
    for i, opts in enumerate(options):
        endpoint = opts.get("http_endpoint")
        if isinstance(endpoint, str) and endpoint.strip().lower() == "disabled":
            continue
        if "http_tokens" not in opts:
            if opts.tag and len(opts.tag) == 2 and "unknown" in tuple(opts.tag[1]):
                continue
            yield Hit(opts, None, attr=f"metadata_options[{i}]",
                      values={"value": "http_tokens not set (defaults to optional)"})
            continue
        tokens = opts["http_tokens"]
        if is_unknown(tokens):
            yield Hit(opts, "http_tokens", attr=f"metadata_options[{i}].http_tokens", unknown=True,
                      values={"value": tokens.expr})
        elif str(tokens).strip().lower() != "required":
            yield Hit(opts, "http_tokens", attr=f"metadata_options[{i}].http_tokens",
                      values={"value": f"http_tokens = {tokens}"})

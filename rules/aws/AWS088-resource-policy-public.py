"""Repository and search-domain access policies with an unconditional Principal "*" statement. A domain inside a VPC (vpc_options) is reachable only from the VPC and is not reported."""

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


_DOMAIN_TYPES = ("aws_opensearch_domain", "aws_elasticsearch_domain")


def _in_vpc(domain: Subject | None) -> bool | None:
    if domain is None:
        return None
    found = tv.blocks(domain.node, "vpc_options")
    if not found:
        return False
    return True if any(not tv.is_dynamic(b) for b in found) else None


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    module = subject.context.get("module")
    raw_block = subject.context.get("block")
    if subject.type == "aws_ecr_repository_policy":
        yield from tv.public_policy_hits(subject.node, "policy", module, raw_block)
        return
    if subject.type in _DOMAIN_TYPES:
        domain: Subject | None = subject
    else:
        ref = subject.node.get("domain_name")
        address = getattr(ref, "address", None)
        domain = module.lookup(address) if module is not None and address else None
        if domain is None and module is not None and isinstance(ref, str):
            domain = next((r for r in module.resources if r.type in _DOMAIN_TYPES
                           and r.node.get("domain_name") == ref), None)
    if _in_vpc(domain) is not False:
        return  # inside a VPC, or we cannot tell which domain it is
    yield from tv.public_policy_hits(subject.node, "access_policies", module, raw_block)

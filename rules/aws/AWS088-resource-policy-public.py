"""Repository, secret, vault and search-domain access policies with an unconditional Principal "*" statement. A domain inside a VPC (vpc_options) is reachable only from the VPC and is not reported."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_dynamic
from linter.model import Hit, Subject
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


_DOMAIN_TYPES = ("aws_opensearch_domain", "aws_elasticsearch_domain")

# Resources whose policy attribute is judged on its own (no network boundary to consider).
_POLICY_ATTRIBUTES = {
    "aws_ecr_repository_policy": "policy",
    "aws_secretsmanager_secret_policy": "policy",
    "aws_secretsmanager_secret": "policy",
    "aws_glacier_vault": "access_policy",
}


def _in_vpc(domain: Subject | None) -> bool | None:
    if domain is None:
        return None
    found = blocks(domain.node, "vpc_options")
    if not found:
        return False
    return True if any(not is_dynamic(b) for b in found) else None


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    module = subject.context.get("module")
    raw_block = subject.context.get("block")
    if subject.type in _POLICY_ATTRIBUTES:
        yield from policies.public_policy_hits(subject.node, _POLICY_ATTRIBUTES[subject.type], module, raw_block)
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
    yield from policies.public_policy_hits(subject.node, "access_policies", module, raw_block)

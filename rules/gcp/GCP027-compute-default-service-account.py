"""The default compute service account on instances, GKE node pools and a cluster's
default or inline node pools (when the cloud-platform scope makes it worse on an instance,
GCP026 reports it instead)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject
from linter.rules import load_sibling

base = load_sibling(__file__, "_gcp.py")
iam = load_sibling(__file__, "_gcp_iam.py")


def _pool_hits(pool: Any, attr: str) -> Iterator[Hit]:
    """The node pool (a resource or a cluster's `node_pool` block) whose nodes run as the
    default account."""
    config = base.first(pool, "node_config")
    if config is base.MISSING:
        yield Hit(pool, None, attr=f"{attr}node_config.service_account")
        return
    email = config.get("service_account", base.MISSING)
    if iam.is_default_account(email):
        if email is base.MISSING:
            yield Hit(pool, None, attr=f"{attr}node_config.service_account")
        else:
            yield Hit(config, "service_account", attr=f"{attr}node_config.service_account")


def _cluster_hits(node: Any) -> Iterator[Hit]:
    """A cluster's inline node pools, or else its default pool unless it is removed
    (Autopilot clusters manage their nodes themselves)."""
    if base.truth(node.get("enable_autopilot", False)) is not False:
        return
    pools = [p for p in blocks(node, "node_pool") if isinstance(p, dict)]
    if pools:
        for i, pool in enumerate(pools):
            yield from _pool_hits(pool, f"node_pool[{i}].")
        return
    if base.truth(node.get("remove_default_node_pool", False)) is not False:
        return
    yield from _pool_hits(node, "")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "google_container_node_pool":
        yield from _pool_hits(node, "")
        return
    if subject.type == "google_container_cluster":
        yield from _cluster_hits(node)
        return
    for account in blocks(node, "service_account"):
        email = account.get("email", base.MISSING)
        if iam.is_default_account(email) is not True or iam.full_scope_hit(account) is not None:
            continue
        if email is base.MISSING:
            yield Hit(node, None, attr="service_account.email")
        else:
            yield Hit(account, "email", attr="service_account.email")

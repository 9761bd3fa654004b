"""The default compute service account on instances and GKE node pools (when the
cloud-platform scope makes it worse, GCP026 reports it instead)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling
from linter.terraform.rulekit import blocks

lib = load_sibling(__file__, "_gcp.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "google_container_node_pool":
        config = lib.first(node, "node_config")
        if config is lib.MISSING:
            yield Hit(node, None, attr="node_config.service_account")
            return
        email = config.get("service_account", lib.MISSING)
        if lib.is_default_account(email):
            if email is lib.MISSING:
                yield Hit(node, None, attr="node_config.service_account")
            else:
                yield Hit(config, "service_account", attr="node_config.service_account")
        return
    for account in blocks(node, "service_account"):
        email = account.get("email", lib.MISSING)
        if lib.is_default_account(email) is not True or lib.full_scope_hit(account) is not None:
            continue
        if email is lib.MISSING:
            yield Hit(node, None, attr="service_account.email")
        else:
            yield Hit(account, "email", attr="service_account.email")

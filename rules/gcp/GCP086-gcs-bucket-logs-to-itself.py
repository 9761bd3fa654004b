"""A bucket that writes its access logs into itself."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks
from linter.model import Hit, Subject, Unknown


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    name = subject.node.get("name")
    for i, logging in enumerate(blocks(subject.node, "logging")):
        target = logging.get("log_bucket")
        if isinstance(target, str) and isinstance(name, str) and not isinstance(target, Unknown) \
                and target.removeprefix("gs://").rstrip("/") == name:
            yield Hit(logging, "log_bucket", attr=f"logging[{i}].log_bucket", values={"value": target})
        elif getattr(target, "address", None) == subject.resource.split(".", 1)[-1] or \
                getattr(target, "full_address", None) == subject.resource:
            yield Hit(logging, "log_bucket", attr=f"logging[{i}].log_bucket", values={"value": subject.resource})

"""S3 bucket settings that AWS provider v4+ moved into their own resources.

A bucket's public access block, encryption, versioning and logging may be written inline
(provider v3) or as a separate resource whose `bucket` refers to the bucket. `state()`
answers for one bucket: "present", "absent", or "unknown" when a companion might refer to
it but that cannot be told statically (a bucket id passed through a variable, a
companion whose count is unknown, a bucket whose name is unknown).
"""

from __future__ import annotations

from typing import Any

from linter.model import Subject, Unknown
from linter.terraform import ResourceRef


def _leaves(value: Any) -> list:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


def _names(bucket: Subject) -> tuple[set[str], bool]:
    """The literal names the bucket is known by, and whether its name is unknown."""
    node = bucket.node
    names: set[str] = set()
    unknown = False
    for key in ("bucket", "bucket_prefix"):
        value = node.get(key) if isinstance(node, dict) else None
        if isinstance(value, Unknown):
            unknown = True
        elif isinstance(value, str) and key == "bucket":
            names.add(value)
    if not names and not (isinstance(node, dict) and "bucket" in node):
        unknown = True  # generated name: only a reference can point at it
    return names, unknown


def link(bucket: Subject, companion: Subject, attribute: str = "bucket") -> str:
    """"yes", "no" or "maybe": does `companion.<attribute>` refer to `bucket`?"""
    target = bucket.resource
    names, name_unknown = _names(bucket)
    value = companion.node.get(attribute) if isinstance(companion.node, dict) else None
    if value is None:
        return "no"
    maybe = False
    for leaf in _leaves(value):
        if isinstance(leaf, ResourceRef):
            if leaf.full_address == target:
                return "yes"
            if not leaf.address.startswith(("aws_s3_bucket.", "data.aws_s3_bucket.")):
                maybe = True
        elif isinstance(leaf, Unknown):
            maybe = True
        elif isinstance(leaf, str):
            if leaf in names or any(leaf.endswith(":::" + n) for n in names):
                return "yes"
            if name_unknown:
                maybe = True
    return "maybe" if maybe else "no"


def state(bucket: Subject, companion_type: str, attribute: str = "bucket") -> str:
    """"present", "absent" or "unknown" for companions of `companion_type`."""
    view = bucket.context.get("module")
    if view is None:
        return "unknown"
    result = "absent"
    here = {id(s) for s in view.resources}
    elsewhere = [s for s in view.registry.resources if id(s) not in here] \
        if hasattr(view, "registry") else []
    for other in view.resources + elsewhere:
        if other.type != companion_type:
            continue
        found = link(bucket, other, attribute)
        if found == "maybe" and id(other) not in here:
            continue  # another module's value is only linked by a reference
        if found == "yes":
            if other.context.get("instances", 1) is None:
                result = "unknown"
                continue
            return "present"
        if found == "maybe":
            result = "unknown"
    return result


def inline(node: Any, name: str) -> Any:
    """The first inline block `name` of a bucket (provider v3 style), or None."""
    value = node.get(name) if isinstance(node, dict) else None
    if isinstance(value, list):
        value = value[0] if value else None
    return value


def is_log_target(bucket: Subject) -> bool:
    """Buckets that receive access logs of other buckets are not expected to log."""
    node = bucket.node
    if isinstance(node, dict) and node.get("acl") == "log-delivery-write":
        return True
    view = bucket.context.get("module")
    if view is None:
        return False
    for other in view.resources:
        if other.type == "aws_s3_bucket_logging" and link(bucket, other, "target_bucket") == "yes":
            return True
        if other.type == "aws_s3_bucket" and other is not bucket and isinstance(other.node, dict):
            for block in other.node.get("logging") or []:
                if isinstance(block, dict):
                    fake = Subject(other.kind, other.level, "aws_s3_bucket_logging", other.resource,
                                   block, other.path, other.context)
                    if link(bucket, fake, "target_bucket") == "yes":
                        return True
    return False

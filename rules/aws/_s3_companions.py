"""S3 bucket settings that AWS provider v4+ moved into their own resources.

A bucket's public access block, encryption, versioning and logging may be written inline
(provider v3) or as a separate resource whose `bucket` refers to the bucket. `state()`
answers for one bucket: "present", "absent", or "unknown" when a companion might refer to
it but that cannot be told statically (a bucket id passed through a variable, a
companion whose count is unknown, a bucket whose name is unknown).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.kinds.terraform import ResourceRef
from linter.model import Hit, Subject, Unknown


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


def _root(subject: Subject) -> str:
    return getattr(subject.context.get("module"), "root", "")


def link(bucket: Subject, companion: Subject, attribute: str = "bucket") -> str:
    """"yes", "no" or "maybe": does `companion.<attribute>` refer to `bucket`?"""
    target = bucket.resource
    names, name_unknown = _names(bucket)
    value = companion.node.get(attribute) if isinstance(companion.node, dict) else None
    if value is None:
        return "no"
    maybe = False
    # a reference names a resource of its own root module (configuration), not another's
    same_root = _root(companion) == _root(bucket)
    for leaf in _leaves(value):
        if isinstance(leaf, ResourceRef):
            if same_root and leaf.full_address == target:
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


def _passed_to_remote_module(bucket: Subject, view: Any) -> bool:
    """A registry/git module (whose resources are not checked) receives the bucket:
    it may well create the companion."""
    for call in getattr(view, "modules", []):
        node = call.node if isinstance(call.node, dict) else {}
        source = node.get("source")
        if isinstance(source, str) and source.startswith(("./", "../")):
            continue
        for key, value in node.items():
            if key in ("source", "version", "providers", "depends_on"):
                continue
            for leaf in _leaves(value):
                if isinstance(leaf, ResourceRef) and leaf.full_address == bucket.resource:
                    return True
    return False


def _vague(view: Any, companion_type: str, attribute: str) -> tuple[list, list]:
    """Companions of this module instance that may refer to any bucket (an unknown value
    or a reference to something else), and those holding any literal string; computed
    once per instance so that each bucket costs lookups, not a pass over every resource."""
    cache = view.__dict__.setdefault("_s3_vague", {})
    companions = view.of_type(companion_type)
    key = (companion_type, attribute)
    if key not in cache or cache[key][0] != len(companions):
        vague, strings = [], []
        for other in companions:
            value = other.node.get(attribute) if isinstance(other.node, dict) else None
            leaves = _leaves(value) if value is not None else []
            if any((isinstance(leaf, ResourceRef) and not leaf.address.startswith(
                    ("aws_s3_bucket.", "data.aws_s3_bucket."))) or (
                    isinstance(leaf, Unknown) and not isinstance(leaf, ResourceRef)) for leaf in leaves):
                vague.append(other)
            if any(isinstance(leaf, str) and not isinstance(leaf, Unknown) for leaf in leaves):
                strings.append(other)
        cache[key] = (len(companions), vague, strings)
    return cache[key][1], cache[key][2]


def state(bucket: Subject, companion_type: str, attribute: str = "bucket") -> str:
    """"present", "absent" or "unknown" for companions of `companion_type`."""
    view = bucket.context.get("module")
    if view is None:
        return "unknown"
    result = "unknown" if _passed_to_remote_module(bucket, view) else "absent"
    names, name_unknown = _names(bucket)
    here = {id(s) for s in view.of_type(companion_type)}
    candidates = view.index(companion_type, attribute).referring(bucket.resource, names, view.root)
    candidates += [s for s in view.registry.index(companion_type, attribute).referring(
        bucket.resource, names, view.root) if id(s) not in here]
    checked = set()
    for other in candidates:
        checked.add(id(other))
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
    if result == "absent":
        vague, strings = _vague(view, companion_type, attribute)
        if any(id(o) not in checked for o in vague) or (
                name_unknown and any(id(o) not in checked for o in strings)):
            result = "unknown"  # a companion here might refer to this bucket
    return result


def missing(bucket: Subject, block: str, companion_type: str, what: str) -> Iterator[Hit]:
    """A hit on a bucket with neither the inline `block` (provider v3) nor a companion
    resource of `companion_type` referring to it; unknown when a companion might refer
    to it (`what` names that companion in the unknown message)."""
    if inline(bucket.node, block) is not None:
        return
    found = state(bucket, companion_type)
    if found == "present":
        return
    yield Hit(bucket.node, None, attr=block, unknown=found == "unknown",
              values={"value": f"{what} whose bucket is not known statically"})


def inline(node: Any, name: str) -> Any:
    """The first inline block `name` of a bucket (provider v3 style), or None."""
    value = node.get(name) if isinstance(node, dict) else None
    if isinstance(value, list):
        value = value[0] if value else None
    return value


# resources that write logs into a bucket, and the attribute that names it
LOG_SOURCES = {
    "aws_s3_bucket_logging": "target_bucket",
    "aws_cloudtrail": "s3_bucket_name",
    "aws_flow_log": "log_destination",
    "aws_lb": "access_logs",
    "aws_alb": "access_logs",
    "aws_elb": "access_logs",
    "aws_cloudfront_distribution": "logging_config",
    "aws_config_delivery_channel": "s3_bucket_name",
    "aws_networkfirewall_logging_configuration": "logging_configuration",
}
LOG_PRINCIPALS = ("logging.s3.amazonaws.com", "delivery.logs.amazonaws.com",
                  "cloudtrail.amazonaws.com", "logdelivery.elasticloadbalancing.amazonaws.com",
                  "elasticloadbalancing.amazonaws.com", "config.amazonaws.com")


def _everywhere(bucket: Subject) -> list[Subject]:
    """The resources of the scan that might name `bucket` as a log target (an index
    lookup per resource type, not a pass over every resource)."""
    view = bucket.context.get("module")
    if view is None:
        return []
    names, _ = _names(bucket)
    registry = view.registry
    found: list[Subject] = []
    wanted = dict(LOG_SOURCES, aws_s3_bucket_acl="bucket", aws_s3_bucket_policy="bucket",
                  aws_s3_bucket="logging")
    for resource_type, attribute in wanted.items():
        found += registry.index(resource_type, attribute).referring(bucket.resource, names, view.root)
    return found


def _text(value: Any) -> str:
    import json

    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError):
        return str(value)


def is_log_target(bucket: Subject) -> bool:
    """Buckets that receive logs (S3 access logs, CloudTrail, flow logs, load balancer
    and CloudFront logs) are not expected to log their own access."""
    node = bucket.node
    if isinstance(node, dict) and node.get("acl") == "log-delivery-write":
        return True
    for other in _everywhere(bucket):
        if other is bucket or not isinstance(other.node, dict):
            continue
        attribute = LOG_SOURCES.get(other.type)
        if attribute is not None:
            for value in _leaves(other.node.get(attribute)):
                if isinstance(value, ResourceRef) and value.full_address == bucket.resource \
                        and _root(other) == _root(bucket):
                    return True
            if other.type in ("aws_s3_bucket_logging", "aws_cloudtrail",
                              "aws_config_delivery_channel") and link(bucket, other, attribute) == "yes":
                return True
        if other.type == "aws_s3_bucket_acl" and link(bucket, other) == "yes" \
                and other.node.get("acl") == "log-delivery-write":
            return True
        if other.type == "aws_s3_bucket_policy" and link(bucket, other) == "yes":
            policy = other.node.get("policy")
            view = other.context.get("module")
            if isinstance(policy, ResourceRef) and view is not None:
                source = view.find(policy) if hasattr(view, "find") else None
                policy = source.node if source is not None else policy
            if any(p in _text(policy) for p in LOG_PRINCIPALS):
                return True
        if other.type == "aws_s3_bucket" and isinstance(other.node.get("logging"), list):
            for block in other.node["logging"]:
                if isinstance(block, dict):
                    fake = Subject(other.kind, other.level, "aws_s3_bucket_logging",
                                   other.resource, block, other.path, other.context)
                    if link(bucket, fake, "target_bucket") == "yes":
                        return True
    return False

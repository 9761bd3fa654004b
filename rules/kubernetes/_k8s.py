"""Shared logic of the Kubernetes Python checks: RBAC grants and bindings, container
security-context flags. Checks load it with `linter.rules.load_sibling`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.kinds.kubernetes.pod import as_bool, security_context
from linter.kinds.kubernetes.rbac import policy_rules
from linter.model import Hit, Subject


def binding_subject_hits(subject: Subject, params: dict, names: tuple[str, ...]) -> Iterator[Hit]:
    """Subjects of a (Cluster)RoleBinding named one of `names` (system groups and users),
    unless the bound role is one of the rule's `allowed_roles`."""
    obj = subject.node
    ref = obj.get("roleRef") if isinstance(obj.get("roleRef"), dict) else {}
    role_name = str(ref.get("name", "?"))
    if role_name in set(params.get("allowed_roles", ())):
        return
    subjects = obj.get("subjects")
    if not isinstance(subjects, list):
        return
    for i, item in enumerate(subjects):
        if isinstance(item, dict) and item.get("name") in names:
            yield Hit(item, "name", attr=f"subjects[{i}].name", values={
                "value": item["name"], "role": str(ref.get("kind", "role")), "role_name": role_name})


def core_rules(node: Any, verbs: tuple[str, ...]) -> Iterator[tuple[Any, list[str]]]:
    """(rule, granted verbs) for each rule of a Role/ClusterRole on the core API group
    that grants some of `verbs`."""
    for rule in policy_rules(node):
        if not rule.core_group():
            continue
        granted = [v for v in verbs if v in rule.values("verbs")]
        if granted:
            yield rule, granted


def resource_hit(rule: Any, seq: Any, index: int, value: Any, verbs: list[str], **values: Any) -> Hit:
    """The hit on a `resources` entry of an RBAC rule, naming the granted verbs."""
    return Hit(seq, index, attr=f"rules[{rule.index}].resources[{index}]",
               values={"value": value, "verbs": "/".join(verbs), **values})


def security_flag_hits(subject: Subject, field: str, wanted: bool) -> Iterator[Hit]:
    """A container whose securityContext does not set `field` to `wanted`: the container
    entry when the field is missing, the field when it has another value."""
    sc = security_context(subject.node)
    value = sc.get(field) if sc is not None else None
    if as_bool(value) is wanted:
        return
    if value is None:
        seq, index = subject.context["container_seq"], subject.context["container_index"]
        yield Hit(seq, index, attr="", values={
            "problem": f"does not set securityContext.{field}: {str(wanted).lower()}",
            "missing": f"securityContext.{field}"})
        return
    yield Hit(sc, field, attr=f"securityContext.{field}",
              values={"value": str(value).lower(), "problem": f"sets {field}: {str(value).lower()}"})


def capability_fix(subject: Subject, hit: Hit, name: str) -> list:
    """Drop `name` (the hit is on a container, its capabilities or its drop list), or
    remove an added capability (the hit is on an item of `add`)."""
    from linter.fix.edits import AddItem, Delete

    if isinstance(hit.key, int) and hit.node is not subject.context.get("container_seq"):
        return [Delete(hit.node, hit.key)]
    if hit.key == "drop":
        return [AddItem(hit.node, ("drop",), name)]
    if hit.key == "capabilities":
        return [AddItem(hit.node, ("capabilities", "drop"), name)]
    return [AddItem(subject.node, ("securityContext", "capabilities", "drop"), name)]


BATCH_KINDS = ("Job", "CronJob")


def missing_probe(subject: Subject, probe: str) -> Iterator[Hit]:
    """A long-running container without `probe` (livenessProbe, readinessProbe): batch
    Jobs and init or ephemeral containers are not judged."""
    if subject.type in BATCH_KINDS or subject.context.get("container_field") != "containers":
        return
    if subject.node.get(probe) is None:
        seq, index = subject.context["container_seq"], subject.context["container_index"]
        yield Hit(seq, index, attr="", values={"missing": probe})

"""ECS task definitions: writable root file systems, one role for task and execution."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth
from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling

tv = load_sibling(__file__, "_tfvalues.py")


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return False
    ref_a, ref_b = getattr(a, "address", None), getattr(b, "address", None)
    if ref_a or ref_b:
        return ref_a == ref_b and getattr(a, "attribute", None) == getattr(b, "attribute", None)
    return not isinstance(a, Unknown) and not isinstance(b, Unknown) and a == b


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if not isinstance(node, dict):
        return
    if _same(node.get("task_role_arn"), node.get("execution_role_arn")):
        yield Hit(node, "task_role_arn", attr="task_role_arn",
                  values={"what": "the task role is also the execution role"})
    unknown, containers = tv.task_containers(subject)
    if unknown is not None:
        yield unknown
    for index, container, label in containers:
        flag = container.get("readonlyRootFilesystem")
        if isinstance(flag, Unknown) or truth(flag) is True:
            continue
        yield tv.container_hit(node, container, "readonlyRootFilesystem",
                               f"container_definitions[{index}].readonlyRootFilesystem",
                               {"what": f"container {label} has a writable root file system"})

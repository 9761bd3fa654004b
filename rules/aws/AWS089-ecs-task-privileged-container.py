"""container_definitions (heredoc JSON, jsonencode or decoded) with privileged = true."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth
from linter.model import Hit, Subject
from linter.rules import load_sibling

tv = load_sibling(__file__, "_tfvalues.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    unknown, containers = tv.task_containers(subject)
    if unknown is not None:
        yield unknown
    for index, container, label in containers:
        if truth(container.get("privileged")) is True:
            yield tv.container_hit(subject.node, container, "privileged",
                                   f"container_definitions[{index}].privileged", {"container": label})

"""container_definitions (heredoc JSON, jsonencode or decoded) with privileged = true."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import is_unknown, load_sibling, truth, unknown_hit

tv = load_sibling(__file__, "_tfvalues.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    doc, containers = tv.container_definitions(subject.node, subject.context.get("block"))
    if is_unknown(doc):
        yield unknown_hit(subject.node, "container_definitions", "container_definitions")
    for index, container in enumerate(containers):
        if truth(container.get("privileged")) is True:
            name = container.get("name", f"#{index + 1}")
            yield tv.container_hit(subject.node, container, "privileged",
                                   f"container_definitions[{index}].privileged",
                                   {"container": repr(name) if isinstance(name, str) else name})

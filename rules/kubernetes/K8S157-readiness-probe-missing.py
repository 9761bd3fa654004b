"""A long-running container without a readinessProbe (batch Jobs and init or ephemeral
containers are not judged)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

BATCH = ("Job", "CronJob")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.type in BATCH or subject.context.get("container_field") != "containers":
        return
    if subject.node.get("readinessProbe") is None:
        seq, index = subject.context["container_seq"], subject.context["container_index"]
        yield Hit(seq, index, attr="", values={"missing": "readinessProbe"})

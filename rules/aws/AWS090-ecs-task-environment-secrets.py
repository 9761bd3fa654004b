"""Literal credentials in the environment of container_definitions; the secrets list is fine."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import as_list
from linter.model import Hit, Subject
from linter.rules import load_sibling

tv = load_sibling(__file__, "_tfvalues.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    unknown, containers = tv.task_containers(subject)
    if unknown is not None:
        yield unknown
    for index, container, label in containers:
        for pos, env in enumerate(as_list(container.get("environment"))):
            if not isinstance(env, dict):
                continue
            name, value = env.get("name"), env.get("value")
            if not isinstance(name, str):
                continue
            what = tv.literal_secret(name, value)
            if what:
                yield tv.container_hit(
                    subject.node, env, "value",
                    f"container_definitions[{index}].environment[{pos}].{name}",
                    {"container": label, "name": name, "what": what})

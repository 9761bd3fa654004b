"""Literal credentials in the environment of container_definitions; the secrets list is fine."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.terraform.rulekit import as_list, is_unknown, load_sibling, unknown_hit

tv = load_sibling(__file__, "_tfvalues.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    doc, containers = tv.container_definitions(subject.node, subject.context.get("block"))
    if is_unknown(doc):
        yield unknown_hit(subject.node, "container_definitions", "container_definitions")
    for index, container in enumerate(containers):
        cname = container.get("name", f"#{index + 1}")
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
                    {"container": repr(cname) if isinstance(cname, str) else cname,
                     "name": name, "what": what})

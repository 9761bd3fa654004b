"""Literal credentials in environment { variables = {...} }, also the literal entries of a merge(); references and unknown values never count."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_unknown, partial_object, unknown_hit
from linter.model import Hit, Subject
from linter.rules import load_sibling

tv = load_sibling(__file__, "_tfvalues.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    raw_block = subject.context.get("block") or {}
    raw_envs = blocks(raw_block, "environment")
    for index, env in enumerate(blocks(subject.node, "environment")):
        variables = env.get("variables")
        if is_unknown(variables):
            raw = raw_envs[index].get("variables") if index < len(raw_envs) else None
            literal = partial_object(raw) if isinstance(raw, str) else {}
            reported = False
            for name, value in literal.items():
                what = tv.literal_secret(str(name), value)
                if what:
                    reported = True
                    yield Hit(env, "variables", attr=f"environment.variables.{name}",
                              values={"name": name, "what": what})
            if not reported:
                yield unknown_hit(env, "variables", "environment.variables")
            continue
        if not isinstance(variables, dict):
            continue
        for name, value in variables.items():
            what = tv.literal_secret(str(name), value)
            if what:
                yield Hit(variables, name, attr=f"environment.variables.{name}",
                          values={"name": name, "what": what})

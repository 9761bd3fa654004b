"""Terraform configuration and plan files.

`.tf`/`.tf.json` files become blocks, `.tfvars` variable values, and `terraform show
-json` plan files planned resources. Subjects come from `linter.terraform`: values are
resolved where Terraform would resolve them statically, whatever stays unresolved is
`Unknown` (see `linter.terraform` for what Python checks can rely on).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from ..model import Document, Subject
from ..parsers import ParseError
from ..parsers.terraform import HclError, parse_hcl, parse_tf_json, parse_tfvars_json
from . import Parsed


def _is_plan(name: str, text: str) -> bool:
    return (name.endswith(".json") and not name.endswith((".tf.json", ".tfvars.json"))
            and '"format_version"' in text[:4096])


def parse(path: str, text: str) -> Parsed:
    name = PurePath(path).name.lower()
    if _is_plan(name, text):
        from ..terraform.plan import parse_plan

        return Parsed([Document(path, "terraform", parse_plan(text), text, meta={"plan": True})])
    try:
        if name.endswith(".tfvars.json"):
            blocks = parse_tfvars_json(text)
        else:
            blocks = parse_tf_json(text) if name.endswith(".json") else parse_hcl(text)
    except HclError as exc:
        raise ParseError(exc.message, exc.line, exc.column) from None
    return Parsed([Document(path, "terraform", blocks, text, meta={"vars_file": ".tfvars" in name})])


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    from ..terraform.walk import subjects as config_subjects

    config = [d for d in documents if not d.meta.get("plan")]
    plans = [d for d in documents if d.meta.get("plan")]
    if not plans:
        yield from config_subjects(config, options)
        return
    from ..terraform.plan import plan_folders, plan_subjects

    yield from config_subjects(config, options, skip=plan_folders(plans, config))
    yield from plan_subjects(plans, config, options)

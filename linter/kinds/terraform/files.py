"""Reading one Terraform file: `.tf`/`.tf.json` files become blocks, `.tfvars` variable
values, and `terraform show -json` plan files planned resources."""

from __future__ import annotations

from pathlib import PurePath

from ...model import Document
from ...parsers import ParseError
from ...parsers.terraform import HclError, parse_hcl, parse_tf_json, parse_tfvars_json
from .. import Parsed
from .planfile import parse_plan


def _is_plan(name: str, text: str) -> bool:
    return (name.endswith(".json") and not name.endswith((".tf.json", ".tfvars.json"))
            and '"format_version"' in text[:4096])


def parse(path: str, text: str) -> Parsed:
    name = PurePath(path).name.lower()
    if _is_plan(name, text):
        return Parsed([Document(path, "terraform", parse_plan(text), text, meta={"plan": True})])
    try:
        if name.endswith(".tfvars.json"):
            blocks = parse_tfvars_json(text)
        else:
            blocks = parse_tf_json(text) if name.endswith(".json") else parse_hcl(text)
    except HclError as exc:
        raise ParseError(exc.message, exc.line, exc.column) from None
    return Parsed([Document(path, "terraform", blocks, text, meta={"vars_file": ".tfvars" in name})])

"""Terraform configuration: resources, data sources and module calls of `.tf` files.

Values that are expressions (`Expr`) are resolved by the evaluator where Terraform
would resolve them statically; whatever stays unresolved is `Unknown`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from ..model import Document, Map, Seq, Subject, Unknown
from ..parsers import ParseError
from ..parsers.terraform import Expr, HclError, parse_hcl, parse_tf_json
from . import Parsed


def parse(path: str, text: str) -> Parsed:
    name = PurePath(path).name.lower()
    try:
        blocks = parse_tf_json(text) if name.endswith(".json") else parse_hcl(text)
    except HclError as exc:
        raise ParseError(exc.message, exc.line, exc.column) from None
    return Parsed([Document(path, "terraform", blocks, text, meta={"vars_file": ".tfvars" in name})])


def _resolve(value: Any) -> Any:
    if isinstance(value, Expr):
        return Unknown(str(value), "expression")
    if isinstance(value, Map):
        out = Map(span=value.span, file=value.file, tag=value.tag)
        out.key_spans = value.key_spans
        for k, v in value.items():
            out[k] = _resolve(v)
        return out
    if isinstance(value, Seq):
        out_s = Seq(span=value.span, file=value.file, tag=value.tag)
        out_s.item_spans = value.item_spans
        out_s.extend(_resolve(v) for v in value)
        return out_s
    return value


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    for doc in documents:
        if doc.meta.get("vars_file"):
            continue
        for block in doc.root:
            block_type, labels = block.tag
            if block_type == "resource" and len(labels) == 2:
                yield Subject("terraform", "resource", labels[0], f"{labels[0]}.{labels[1]}",
                              _resolve(block), doc.path, {"block": block})
            elif block_type == "data" and len(labels) == 2:
                yield Subject("terraform", "data", labels[0], f"data.{labels[0]}.{labels[1]}",
                              _resolve(block), doc.path, {"block": block})
            elif block_type == "module" and len(labels) == 1:
                yield Subject("terraform", "module", "module", f"module.{labels[0]}",
                              _resolve(block), doc.path, {"block": block})
            elif block_type == "provider" and len(labels) == 1:
                yield Subject("terraform", "provider", labels[0], f"provider.{labels[0]}",
                              _resolve(block), doc.path, {"block": block})

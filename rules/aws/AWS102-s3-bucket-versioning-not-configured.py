"""Buckets with no versioning configuration at all (explicitly disabled versioning is
AWS005's finding)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _lib():
    name = "iacgate_rules_aws_s3_companions"
    if name not in sys.modules:
        path = Path(__file__).with_name("_s3_companions.py")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


s3 = _lib()


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if s3.inline(subject.node, "versioning") is not None:
        return
    found = s3.state(subject, "aws_s3_bucket_versioning")
    if found == "present":
        return
    yield Hit(subject.node, None, attr="versioning", unknown=found == "unknown",
              values={"value": "a versioning resource whose bucket is not known statically"})

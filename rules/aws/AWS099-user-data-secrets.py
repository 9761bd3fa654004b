"""Credentials in user_data / user_data_base64: the literal text of the script (interpolations masked out), base64 decoded when it is a literal, and scripts read with file()/filebase64() from the module folder."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import is_unknown, unknown_hit
from linter.model import Hit, Subject
from linter.rules import load_sibling

tv = load_sibling(__file__, "_tfvalues.py")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    raw_block = subject.context.get("block") or {}
    for attr in ("user_data", "user_data_base64"):
        if attr not in node:
            continue
        raw = raw_block.get(attr)
        script = tv.template_text(node[attr], raw)
        if script is None and is_unknown(node[attr]):
            script = tv.module_file_text(raw, subject.path)
        if script is None:
            if is_unknown(node[attr]):
                yield unknown_hit(node, attr, attr)
            continue
        compact = script.strip()
        decoded = None
        if len(compact) >= 16 and not any(c.isspace() for c in compact):
            decoded = tv.decode_base64(compact)
        found = tv.script_secrets(decoded if decoded is not None else script)
        if found:
            yield Hit(node, attr, attr=attr, values={"what": " and ".join(found)})

"""The `default` ServiceAccount of a namespace leaves token automounting on."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.pod import as_bool
from linter.model import Hit, Subject

KEY = "automountServiceAccountToken"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    obj = subject.node
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if meta.get("name") != "default":
        return
    value = obj.get(KEY)
    if as_bool(value) is False:
        return
    if value is None:
        yield Hit(obj, "metadata", attr="", values={"problem": f"does not set {KEY}: false"})
    else:
        yield Hit(obj, KEY, attr=KEY, values={"problem": f"sets {KEY}: {str(value).lower()}"})

"""Value types the evaluator produces besides plain Python values."""

from __future__ import annotations

from typing import Any

from ...model import Unknown


class ResourceRef(Unknown):
    """An attribute of another resource or data source: known only after apply, but
    the reference itself tells which resource it is (`.address`)."""

    __slots__ = ("address", "attribute", "module")

    def __init__(self, expr: str, address: str, attribute: str = "", module: str = "") -> None:
        what = "data source" if address.startswith("data.") else "resource"
        super().__init__(expr, f"attribute of {what} {module}{address}, known only after apply")
        self.address = address
        self.attribute = attribute
        self.module = module

    @property
    def full_address(self) -> str:
        """The address with the module call path of the module it was written in."""
        return self.module + self.address

    def __repr__(self) -> str:
        return f"ResourceRef({self.expr!r} -> {self.address})"


class JsonText(str):
    """The text `jsonencode()` produced, with the structure it encodes in `.value`."""

    value: Any

    def __new__(cls, text: str, value: Any) -> JsonText:
        obj = super().__new__(cls, text)
        obj.value = value
        return obj

    def __reduce__(self) -> tuple:
        # parsed files come back from the parse processes pickled; without this the
        # unpickler calls __new__ with the text only, and the whole scan hangs
        return (JsonText, (str(self), self.value))


class PartialJson(Unknown):
    """`jsonencode()` of a structure with some unknown parts: the text cannot be known,
    but `.value` holds the structure, unknown leaves as `Unknown` (an IAM policy whose
    Resource is another resource's ARN still shows its Action)."""

    __slots__ = ("value",)

    def __init__(self, expr: str, reason: str, value: Any) -> None:
        super().__init__(expr, reason)
        self.value = value

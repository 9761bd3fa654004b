"""Run a function on a thread with a large stack and a high recursion limit.

Deep nesting and long reference chains in a scanned file (a hundred parentheses, a
chain of 200 locals) must be evaluated, not cut short by Python's default recursion
limit (1,000 frames on the main thread's 8 MiB stack) and turned into an unknown that
passes. The stack is address space, touched only as deep as a file really goes; past
the raised limit, a file is reported as too deep to evaluate (IAC001).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

STACK_BYTES = 512 << 20
RECURSION_LIMIT = 25_000

T = TypeVar("T")


def call(fn: Callable[[], T]) -> T:
    """`fn()` on a deep stack; its result, or its exception raised here."""
    if threading.current_thread().name == "iacgate-deep":
        return fn()
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            outcome["error"] = exc

    try:
        old = threading.stack_size(STACK_BYTES)
    except (ValueError, RuntimeError):  # a platform without settable stacks
        return fn()
    try:
        thread = threading.Thread(target=target, name="iacgate-deep", daemon=True)
        sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
        thread.start()
    finally:
        threading.stack_size(old)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]

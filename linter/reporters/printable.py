"""Text from scanned files made safe to show: a file name, a resource name or a value
copied from a file can hold terminal escape sequences (clear the screen, rewrite earlier
lines, set the window title) or bidirectional overrides that reorder what is read. Every
human format shows such characters as visible escapes instead."""

from __future__ import annotations

import re

# C0 and C1 controls (tab kept: it moves the cursor right, nothing more), DEL, and the
# Unicode marks that reorder text on screen (Trojan Source).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` on one line, with control and reordering characters written as escapes."""
    return _UNSAFE.sub(_escape, str(text))


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 file`, `2 files`."""
    return f"{n} {word if n == 1 else (many or word + 's')}"

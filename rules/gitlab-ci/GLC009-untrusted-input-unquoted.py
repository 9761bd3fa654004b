"""Free-text untrusted variables expanded outside quotes, where the shell splits words."""

import re

from linter.kinds.gitlab_ci.checks import (
    FREE_TEXT,
    carriers,
    hit_line,
    lines,
    once,
    quote_state,
    shell_carriers,
    untrusted_uses,
)

SAFE_COMMANDS = re.compile(r"^(?:\[\[|case|local|declare|readonly)$")
KEYWORDS = {"if", "then", "else", "elif", "while", "until", "do", "!", "time", "{"}
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
SEGMENT = re.compile(r"&&|\|\||[;|(]|\$\(")


def _command_word(text: str, offset: int) -> str:
    head = text[:offset]
    start = 0
    for m in SEGMENT.finditer(head):
        if quote_state(text, m.start()) == "none":
            start = m.end()
    words = head[start:].split()
    while words and (words[0] in KEYWORDS or ASSIGNMENT.match(words[0]) and len(words) > 1):
        words = words[1:]
    return words[0] if words else ""


def _in_test(text: str, offset: int) -> bool:
    """Inside `[[ ... ]]`, where bash neither splits words nor expands globs."""
    head = text[:offset]
    return head.count("[[") > head.count("]]")


def check(subject, params):
    known = carriers(subject)
    for line in lines(subject, "GLC009"):
        text = line.text
        shell_carriers(text, known)
        for name, offset in untrusted_uses(text, known):
            if known.get(name, name) not in FREE_TEXT or quote_state(text, offset) != "none":
                continue
            if _in_test(text, offset) or re.search(r"<<<\s*$", text[:offset]):
                continue  # `[[ ... ]]` and here-strings neither split words nor glob
            word = _command_word(text, offset)
            if not word or SAFE_COMMANDS.match(word) or ASSIGNMENT.match(word):
                continue
            shown = f"{name}, which holds ${known[name]}," if name in known else name
            hit = hit_line(line, f".{name}", name=shown)
            if once(subject, "GLC009", hit):
                yield hit
            break

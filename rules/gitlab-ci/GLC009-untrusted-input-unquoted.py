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


def _expansion_end(text: str, offset: int) -> int:
    """End of the `$NAME` or `${NAME...}` expansion starting at `offset`."""
    if text.startswith("${", offset):
        depth, i = 0, offset + 1
        while i < len(text):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return -1
    m = re.match(r"\$[A-Za-z_][A-Za-z0-9_]*", text[offset:])
    return offset + m.end() if m else -1


def fix(subject, hit, params):
    """Quote every unquoted free-text expansion of the script entry the hit is on."""
    from linter.fix.edits import Refusal, SetValue

    try:
        entry = hit.node[hit.key]
    except (KeyError, IndexError, TypeError):
        return Refusal("the script entry cannot be found")
    if not isinstance(entry, str):
        return Refusal("the script entry is not a string")
    known = carriers(subject)
    out = []
    for text in entry.split("\n"):
        shell_carriers(text, known)
        cuts = []
        for name, offset in untrusted_uses(text, known):
            if known.get(name, name) not in FREE_TEXT or quote_state(text, offset) != "none":
                continue
            end = _expansion_end(text, offset)
            if end < 0:
                return Refusal("an expansion is not closed")
            cuts.append((offset, end))
        for start, end in reversed(cuts):
            text = text[:start] + '"' + text[start:end] + '"' + text[end:]
        out.append(text)
    new = "\n".join(out)
    if new == entry:
        return Refusal("nothing left to quote")
    return [SetValue(hit.node, (hit.key,), new)]

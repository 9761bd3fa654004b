"""Untrusted predefined variables expanded by the job's shell into a string that a
second interpreter evaluates. Inside single quotes the outer shell does not expand them,
so the inner program reads them as data: not reported."""

import re

from linter.kinds.gitlab_ci.checks import (
    carriers,
    hit_line,
    lines,
    once,
    quote_state,
    shell_carriers,
    untrusted_uses,
)

EVALUATORS = re.compile(
    r"(?:^|[\s;&|(`])(?P<cmd>eval|(?:ba|z|da|k|a)?sh\s+(?:-\w+\s+)*-[a-z]*c|python[0-9.]*\s+(?:-\w+\s+)*-[A-Za-z]*c|"
    r"node\s+(?:-\w+\s+)*-(?:e|p)|perl\s+(?:-\w+\s+)*-e|ruby\s+(?:-\w+\s+)*-e|php\s+-r|"
    r"pwsh\s+(?:-\w+\s+)*-c(?:ommand)?|powershell\s+(?:-\w+\s+)*-c(?:ommand)?|"
    r"docker\s+exec\s+.*?\s(?:ba)?sh\s+-c|kubectl\s+exec\s+.*?--\s+(?:ba)?sh\s+-c|"
    r"ssh\s+(?:\S+\s+)*?[\w.@-]+)(?=[\s\"'])")
SEPARATORS = re.compile(r"&&|\|\||[;|]")


def _evaluated(text: str, offset: int):
    """The evaluating command whose argument contains `offset`, if any."""
    found = None
    for m in EVALUATORS.finditer(text, 0, offset):
        if quote_state(text, m.start("cmd")) in ("none",):
            found = m
    if found is None:
        return None
    between = text[found.end():offset]
    pos = found.end()
    for sep in SEPARATORS.finditer(between):
        if quote_state(text, pos + sep.start()) == "none":
            return None
    return found.group("cmd").split()[0]


PIPE_TO_SHELL = re.compile(r"\|\s*(?:sudo\s+)?(?:ba|z|da|k|a)?sh\b(?!\s+-c)|\|\s*(?:xargs\s+)?eval\b")


def _piped_to_shell(text: str, offset: int):
    """`echo "$CI_COMMIT_MESSAGE" | sh`: the text itself becomes the program."""
    for m in PIPE_TO_SHELL.finditer(text, offset):
        if quote_state(text, m.start()) == "none":
            return "piped to a shell"
    return None


HEREDOC = re.compile(r"(?:^|[\s;&|(])(?P<cmd>(?:ba|z|da|k|a)?sh|python[0-9.]*|node|perl|ruby|php|"
                     r"ssh|docker\s+exec|kubectl\s+exec)\b[^<|;&]*<<-?\s*(?P<q>['\"]?)(?P<end>\w+)(?P=q)")


def _heredoc(text):
    """(end word, evaluator) when the line opens an unquoted heredoc fed to an interpreter:
    the outer shell expands its body, the interpreter then runs it."""
    m = HEREDOC.search(text)
    if m is None or m.group("q") or quote_state(text, m.start("cmd")) != "none":
        return None
    return m.group("end"), f"{m.group('cmd').split()[0]} heredoc"


def check(subject, params):
    heredoc = None  # (entry, end word, evaluator) while inside a heredoc body
    known = carriers(subject)
    for line in lines(subject, "GLC008"):
        text = line.text
        entry = (id(line.node), line.key)
        if heredoc and (heredoc[0] != entry or text.strip() == heredoc[1]):
            heredoc = None
            continue
        shell_carriers(text, known)  # `BR="$CI_COMMIT_BRANCH"; sh -c "git log $BR"`
        for name, offset in untrusted_uses(text, known):
            state = quote_state(text, offset)
            if heredoc is None and state in ("single", "comment"):
                continue
            how = heredoc[2] if heredoc else (_evaluated(text, offset) or _piped_to_shell(text, offset))
            if how is None:
                continue
            shown = f"{name}, which holds ${known[name]}," if name in known else name
            hit = hit_line(line, f".{name}", name=shown, how=how)
            if once(subject, "GLC008", hit):
                yield hit
            break
        if heredoc is None:
            opened = _heredoc(text)
            if opened:
                heredoc = (entry, *opened)

"""CI_JOB_TOKEN expanded by echo/printf into the log or a file, or into git config."""

import re

from linter.kinds.gitlab_ci.checks import hit_line, lines, once, quote_state

TOKEN = re.compile(r"\$\{?CI_JOB_TOKEN\}?")
PRINT = re.compile(r"^\s*(?:echo|printf)\b")
GIT_CONFIG = re.compile(r"\bgit\s+config\s+(?:--global|--system)\b")


def _segments(text):
    """Unquoted command segments split at ; && || (pipes kept)."""
    out, start, i = [], 0, 0
    while i < len(text):
        if text.startswith(("&&", "||"), i) and quote_state(text, i) == "none":
            out.append(text[start:i])
            i += 2
            start = i
            continue
        if text[i] == ";" and quote_state(text, i) == "none":
            out.append(text[start:i])
            start = i + 1
        i += 1
    out.append(text[start:])
    return out


def _exposure(segment):
    m = TOKEN.search(segment)
    if m is None or quote_state(segment, m.start()) == "single":
        return None
    if GIT_CONFIG.search(segment):
        return "stores CI_JOB_TOKEN in git config"
    if not PRINT.search(segment):
        return None
    rest = segment[m.end():]
    if re.search(r"\|\s*(?:sudo\s+)?tee\b", rest):
        return "writes CI_JOB_TOKEN to a file (tee)"
    if re.search(r"\|\s*(?:base64|xxd|od|rev|hexdump)\b", rest) and ">" not in rest:
        return "prints CI_JOB_TOKEN encoded, so that masking misses it"
    if "|" in rest:
        return None  # piped into the command that needs it: the recommended pattern
    if re.search(r">{1,2}", rest):
        return "writes CI_JOB_TOKEN to a file"
    return "prints CI_JOB_TOKEN to the job log"


def check(subject, params):
    for line in lines(subject, "GLC017"):
        if "CI_JOB_TOKEN" not in line.text:
            continue
        for segment in _segments(line.text):
            what = _exposure(segment)
            if what:
                hit = hit_line(line, what=what)
                if once(subject, "GLC017", hit):
                    yield hit
                break

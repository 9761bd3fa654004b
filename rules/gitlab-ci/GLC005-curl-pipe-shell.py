"""Downloads piped or substituted into an interpreter, in any script section."""

import re

from linter.kinds.glc_checks import hit_line, lines, once

FETCH = r"(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod|aria2c)"
PREFIX = (r"(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(?:/usr/bin/env\s+)?"
          r"(?:/bin/|/usr/bin/|/usr/local/bin/)?")
SHELL = r"(?:(?:ba|z|da|k|c|tc|fi|a)?sh|pwsh|powershell|iex|Invoke-Expression)(?=\s|$|;|\)|&|\|)"
# an interpreter reading its program from stdin: nothing after it, or `-`
INTERPRETER = r"(?:python[0-9.]*|perl|ruby|node|php)(?=\s*(?:$|;|\)|&|\||-(?:\s|$)))"
PATTERNS = [
    re.compile(r"\b" + FETCH + r"\b[^|;&]*\|\s*" + PREFIX + r"(?:" + SHELL + "|" + INTERPRETER
               + ")", re.IGNORECASE),
    re.compile(r"(?:^|[\s;&|(])(?:(?:ba|z|da|k)?sh|source|\.|python[0-9.]*)\s+(?:-\S+\s+)*"
               r"<\(\s*" + FETCH + r"\b", re.IGNORECASE),
    re.compile(r"(?:^|[\s;&|(])(?:(?:ba|z|da|k)?sh\s+-c|eval)\s+[\"']?(?:\$\(|`)\s*" + FETCH
               + r"\b", re.IGNORECASE),
]


def check(subject, params):
    for line in lines(subject, "GLC005"):
        text = line.text
        if text.lstrip().startswith("#"):
            continue
        if any(p.search(text) for p in PATTERNS):
            shown = text.strip()
            hit = hit_line(line, value=shown if len(shown) <= 120 else shown[:117] + "...")
            if once(subject, "GLC005", hit):
                yield hit

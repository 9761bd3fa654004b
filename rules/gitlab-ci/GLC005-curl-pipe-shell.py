"""Downloads piped or substituted into an interpreter, in any script section."""

import re

from linter.kinds.gitlab_ci.checks import hit_line, lines, once

FETCH = r"(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod|aria2c)"
PREFIX = (r"(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(?:/usr/bin/env\s+)?"
          r"(?:/bin/|/usr/bin/|/usr/local/bin/)?")
SHELL = r"(?:(?:ba|z|da|k|c|tc|fi|a)?sh|pwsh|powershell|iex|Invoke-Expression)(?=\s|$|;|\)|&|\|)"
# an interpreter reading its program from stdin: nothing after it, or `-`
INTERPRETER = r"(?:python[0-9.]*|perl|ruby|node|php)(?=\s*(?:$|;|\)|&|\||-(?:\s|$)))"
# `| tee install.sh |`: a copy on disk does not verify anything
TEE = r"(?:tee\s+[^|;&]*\|\s*)?"
PATTERNS = [
    # `| sh -c 'tar xz'` runs its argument; the download is only that program's input
    re.compile(r"\b" + FETCH + r"\b[^|;&]*\|\s*" + TEE + PREFIX + r"(?:" + SHELL + r"(?!\s+-[a-z]*c\b)|"
               + INTERPRETER + ")", re.IGNORECASE),
    re.compile(r"(?:^|[\s;&|(])(?:(?:ba|z|da|k)?sh|source|\.|python[0-9.]*)\s+(?:-\S+\s+)*"
               r"<\(\s*" + FETCH + r"\b", re.IGNORECASE),
    re.compile(r"(?:^|[\s;&|(])(?:/usr)?(?:/bin/)?(?:(?:ba|z|da|k)?sh\s+-c|eval)\s+[\"']?(?:\$\(|`)\s*" + FETCH
               + r"\b", re.IGNORECASE),
    # PowerShell: iex (New-Object Net.WebClient).DownloadString(...) / iex (iwr ...)
    re.compile(r"\b(?:iex|Invoke-Expression)\s*\(*\s*(?:\(?\s*New-Object\s+(?:System\.)?Net\."
               r"WebClient\s*\)?\s*\.DownloadString|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b",
               re.IGNORECASE),
]
# `curl -o x.sh URL && sh x.sh`: the same download, run from a file, still unverified
SAVED = re.compile(r"\b(?:curl|wget)\b[^;&|]*?(?:\s-[A-Za-z]*o\s*|\s-q?O\s+|\s--output[= ]|"
                   r"\s--output-document[= ]|\s>\s*)[\"']?(?P<file>[\w./-]+\.(?:sh|bash|py|ps1))\b")
RUN_FILE = r"(?:&&|;|\|\|)\s*(?:sudo\s+(?:-\S+\s+)*)?(?:(?:ba|z|da|k)?sh\s+(?:-\S+\s+)*|python[0-9.]*\s+|" \
           r"(?:chmod\s+\S+\s+\S+\s*&&\s*)?)\.?/?{file}\b"
VERIFIED = re.compile(r"sha(?:1|224|256|384|512)?sum|shasum|gpg\s+--verify|cosign\s+verify|"
                      r"minisign|openssl\s+dgst", re.IGNORECASE)


def _runs_download(text: str) -> bool:
    m = SAVED.search(text)
    if m is None or VERIFIED.search(text):
        return False
    run = re.compile(RUN_FILE.format(file=re.escape(m.group("file").lstrip("./"))))
    return run.search(text, m.end()) is not None


def check(subject, params):
    for line in lines(subject, "GLC005"):
        text = line.text
        if text.lstrip().startswith("#"):
            continue
        if any(p.search(text) for p in PATTERNS) or _runs_download(text):
            shown = text.strip()
            hit = hit_line(line, value=shown if len(shown) <= 120 else shown[:117] + "...")
            if once(subject, "GLC005", hit):
                yield hit

"""curl/wget output piped or substituted into a shell or interpreter."""

import re

from linter.kinds.github_actions.scripts import pattern_spans
from linter.model import Hit

_PREFIX = r"(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+\S+=\S*\s+)*(?:/usr/bin/env\s+)?(?:/bin/|/usr/bin/)?"
_SHELLS = _PREFIX + r"(?:(?:ba|z|da|k|c|fi)?sh|pwsh|powershell|iex|Invoke-Expression)\b(?!\s+-c\b)"
# An interpreter runs what it reads from stdin only without a script argument
# (`curl ... | python3 -m json.tool` just formats the download).
_INTERPRETERS = _PREFIX + r"(?:python[0-9.]*|perl|ruby|node)(?:\s+-)?\s*(?=$|[;&|)])"
_RUNNER = rf"(?:{_SHELLS}|{_INTERPRETERS})"
PATTERNS = re.compile(
    r"\b(?:curl|wget|iwr|Invoke-WebRequest|irm|Invoke-RestMethod)\b[^\n|;&]*(?:\\\n[^\n|;&]*)*"
    rf"\|(?:\s|\\\n)*{_RUNNER}"
    rf"|{_SHELLS}\s+(?:-\S+\s+)*<\(\s*(?:curl|wget)\b"
    rf"|{_PREFIX}(?:(?:ba|z|da|k)?sh)\s+(?:-\S+\s+)*-c\s+[\"']?\$\(\s*(?:curl|wget)\b"
    r"|\b(?:iex|Invoke-Expression)\b[^\n]*\.DownloadString\s*\(",
    re.IGNORECASE | re.MULTILINE)
# Text every match contains (lower case): most scripts download nothing, and substring
# tests are far cheaper than running PATTERNS over them.
_TOOLS = ("curl", "wget", "iwr", "invoke-webrequest", "invoke-restmethod", "irm", "downloadstring")
_RUNS = ("|", "<(", "$(", "downloadstring")  # a pipe, a process or command substitution, iex


def check(subject, params):
    step = subject.node
    run = step.get("run")
    if not isinstance(run, str):
        return
    low = run.lower()
    if not any(t in low for t in _TOOLS) or not any(r in low for r in _RUNS):
        return
    for m, span in pattern_spans(subject.context.get("source"), step, "run", PATTERNS):
        text = " ".join(m.group(0).split())
        yield Hit(step, "run", attr="run[curl-pipe]", span=span,
                  values={"value": text[:80]})

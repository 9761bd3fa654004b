"""curl/wget output piped or substituted into a shell or interpreter."""

import re

from linter.kinds.gha_scripts import pattern_spans
from linter.model import Hit

_SHELLS = r"(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+\S+=\S*\s+)*(?:/usr/bin/env\s+)?(?:/bin/|/usr/bin/)?" \
          r"(?:ba|z|da|k|c|fi)?sh|python[0-9.]*|perl|ruby|node|pwsh|powershell|iex|Invoke-Expression"
PATTERNS = re.compile(
    r"\b(?:curl|wget|iwr|Invoke-WebRequest|irm|Invoke-RestMethod)\b[^\n|;&]*(?:\\\n[^\n|;&]*)*"
    rf"\|\s*(?:{_SHELLS})\b"
    rf"|(?:{_SHELLS})\s+(?:-\S+\s+)*<\(\s*(?:curl|wget)\b"
    rf"|(?:{_SHELLS})\s+(?:-\S+\s+)*-c\s+[\"']?\$\(\s*(?:curl|wget)\b",
    re.IGNORECASE)


_TOOLS = re.compile(r"curl|wget|iwr|invoke-(?:webrequest|restmethod)|irm\b", re.IGNORECASE)


def check(subject, params):
    step = subject.node
    run = step.get("run")
    if not isinstance(run, str) or not _TOOLS.search(run):
        return
    for m, span in pattern_spans(subject.context.get("source"), step, "run", PATTERNS):
        text = " ".join(m.group(0).split())
        yield Hit(step, "run", attr="run[curl-pipe]", span=span,
                  values={"value": text[:80]})

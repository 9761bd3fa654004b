"""The whole environment piped to a network client, or written to a file that a later
command uploads. Named variables sent to a service are not reported here."""

import re

from linter.kinds.gitlab_ci.checks import hit_line, lines, once

DUMP = (r"(?:(?:^|(?<=[\s;&|(]))(?:env|printenv|export\s+-p|declare\s+-x|compgen\s+-v)(?=\s*(?:$|[|>;&)]))|"
        r"os\.environ\b(?!\s*[\[.(]\s*(?:get\b)?)|process\.env\b(?!\s*[\[.])|"
        r"Get-ChildItem\s+env:|\$env:\*|\bgci\s+env:)")
CLIENT = r"(?:curl|wget|nc|ncat|netcat|socat|http|https|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)"
PIPED = re.compile(DUMP + r"[^;&]*?\|\s*(?:[\w.-]+(?:\s+[^|;&]*)?\|\s*)*" + CLIENT + r"\b")
WRITTEN = re.compile(DUMP + r"[^;&]*?(?:>{1,2}\s*|\btee\s+(?:-a\s+)?)[\"']?(?:\./)?(?P<file>[\w./-]+)")
UPLOAD = (r"\b" + CLIENT + r"\b[^;&|]*?(?:@|-T\s*|--upload-file[= ]\s*|--post-file[= ]\s*|-InFile\s+)"
          r"[\"']?(?:\./)?{file}(?![\w.-])")
# a dump inside a command substitution or a JSON body, sent in the same command
INLINE = re.compile(r"\b" + CLIENT + r"\b[^;&|]*?\$\(\s*(?:env|printenv)\s*(?:\|[^)]*)?\)")


def _how(text):
    m = re.search(DUMP, text)
    return m.group(0).strip() if m else "env"


def check(subject, params):
    dumped = {}  # file -> how, written earlier in this job
    for line in lines(subject, "GLC021"):
        text = line.text
        if text.lstrip().startswith("#"):
            continue
        w = WRITTEN.search(text)
        if w:  # `printenv > vars.txt && curl -F f=@vars.txt ...` uploads on the same line
            dumped[w.group("file")] = _how(text)
        how = None
        if PIPED.search(text) or INLINE.search(text):
            how = _how(text)
        else:
            for file, source in dumped.items():
                if re.search(UPLOAD.format(file=re.escape(file)), text):
                    how = f"{source} written to {file}"
                    break
        if how is None:
            continue
        hit = hit_line(line, how=how)
        if once(subject, "GLC021", hit):
            yield hit

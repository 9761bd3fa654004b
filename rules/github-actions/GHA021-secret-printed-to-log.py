"""`echo ${{ secrets.X }}` / `${{ github.token }}` on a line that is neither piped nor
redirected."""

import re

from linter.kinds.gha_expr import context_refs, find_expressions
from linter.kinds.gha_scripts import line_spans
from linter.model import Hit

_PRINT = re.compile(r"^\s*(?:echo|printf|print|Write-Host|Write-Output|console\.log|cat\s*<<)\b")
_SECRET = re.compile(r"^(secrets\.|secrets$|github\.token$)")


def _printed_secret(line):
    if not _PRINT.search(line):
        return None
    masked = re.sub(r"\$\{\{.*?\}\}", "X", line)
    if "|" in masked or ">" in masked or "::add-mask::" in line:
        return None
    for e in find_expressions(line):
        for ref in context_refs(e.body):
            if _SECRET.match(ref.path) and e.body.strip() == ref.text:
                return ref.text
    return None


def check(subject, params):
    step = subject.node
    if not isinstance(step.get("run"), str) or "${{" not in step["run"]:
        return
    for line, span in line_spans(subject.context.get("source"), step, "run"):
        value = _printed_secret(line)
        if value:
            yield Hit(step, "run", attr=f"run[{value}]", span=span, values={"value": value})

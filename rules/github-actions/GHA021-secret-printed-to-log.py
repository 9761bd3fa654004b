"""Secrets printed to the log: `echo ${{ secrets.X }}`, `echo "$TOKEN"` where TOKEN is set
from a secret, or a shell variable derived from one (derived values are not masked); lines
that pipe or redirect the output elsewhere are fine."""

import re

from linter.kinds.github_actions.expr import context_refs, find_expressions
from linter.kinds.github_actions.scripts import env_chain, line_spans
from linter.model import Hit

_PRINT = re.compile(r"^\s*(?:echo|printf|print|Write-Host|Write-Output|console\.log|cat\s*<<)\b")
_ANY_PRINT = re.compile(r"\b(?:echo|printf|print|Write-Host|Write-Output|console\.log|cat)\b")
_SECRET = re.compile(r"^(secrets\.|secrets$|github\.token$)")
_VAR = re.compile(r"\$\{?(?:env:)?([A-Za-z_][A-Za-z0-9_]*)")
# The last command of a pipeline that prints its input re-encoded: the log shows the
# secret in a form the runner does not mask.
_TRANSFORM = re.compile(r"^\s*(?:base64|base32|rev|xxd|od|hexdump|tr|sed|cut|awk)\b(?![^\n]*\s-i\b)")
_ASSIGN = re.compile(r"^\s*(?:export\s+|local\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")


def _secret_expr(text):
    for e in find_expressions(text):
        for ref in context_refs(e.body):
            if _SECRET.match(ref.path) and e.body.strip() == ref.text:
                return ref.text
    return None


def _secret_env(ctx):
    """Env variables the step sees that hold a secret: name -> secret."""
    out = {}
    for env in reversed(env_chain(ctx)):
        for name, value in env.items():
            secret = _secret_expr(value) if isinstance(value, str) else None
            if secret:
                out[str(name)] = secret
            else:
                out.pop(str(name), None)
    return out


def _printed(line, variables):
    if not _PRINT.search(line):
        return None
    masked = re.sub(r"\$\{\{.*?\}\}", "X", line)
    masked = re.sub(r"\$\(.*?\)", "X", masked)
    if ">" in masked or "::add-mask::" in line:
        return None
    if "|" in masked and not _TRANSFORM.search(masked.rsplit("|", 1)[1]):
        return None  # piped into a command that consumes it (docker login --password-stdin)
    secret = _secret_expr(line)
    if secret:
        return secret
    for m in _VAR.finditer(line):
        if m.group(1) in variables:
            return f"${m.group(1)} ({variables[m.group(1)]})"
    return None


def check(subject, params):
    step = subject.node
    run = step.get("run")
    if not isinstance(run, str):
        return
    if not _ANY_PRINT.search(run):
        return
    variables = _secret_env(subject.context)
    if not variables and "secrets" not in run and "github.token" not in run:
        return
    lines = line_spans(subject.context.get("source"), step, "run")
    redirected = _redirected_groups([text for text, _ in lines])
    for index, (line, span) in enumerate(lines):
        if index in redirected:
            continue
        assign = _ASSIGN.match(line)
        if assign:
            rhs = assign.group(2)
            source = _secret_expr(rhs) or next(
                (variables[m.group(1)] for m in _VAR.finditer(rhs) if m.group(1) in variables), None)
            if source:
                variables[assign.group(1)] = f"derived from {source.split(' ')[0]}"
            else:
                variables.pop(assign.group(1), None)
            continue
        value = _printed(line, variables)
        if value:
            yield Hit(step, "run", attr=f"run[{value.split(' ')[0]}]", span=span,
                      values={"value": value})


def _redirected_groups(lines):
    """Indexes of lines inside `{ ...; } > file` or `( ... ) | cmd` groups."""
    out, stack = set(), []
    for i, line in enumerate(lines):
        text = line.strip()
        if text in ("{", "(") or text.endswith((" {", "=(")) and not text.startswith("#"):
            stack.append(i)
        elif text.startswith(("}", ")")) and stack:
            start = stack.pop()
            if ">" in text or "|" in text:
                out.update(range(start, i + 1))
    return out

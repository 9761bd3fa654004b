"""Fix for expressions expanded into `run:` scripts: each `${{ }}` moves into the step's
`env:` and the script reads the variable instead, quoted as the expression was, so the
value reaches the command as data and is never parsed as shell code.

Shared by GHA001 and GHA002 (loaded with `linter.rules.load_sibling`). Every flagged
script is rewritten whole (all of its expressions), so the fixes of several findings in
one script are the same edit.
"""

from __future__ import annotations

import re

from linter.fix.edits import Refusal, SetValue
from linter.kinds.github_actions.expr import find_expressions
from linter.model import Hit, Subject

_HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)\\?([A-Za-z_][A-Za-z0-9_]*)\2")
_RESERVED = ("GITHUB_EVENT_", "GITHUB_", "RUNNER_", "ACTIONS_")


def _shell(subject: Subject) -> str | None:
    """bash or pwsh, or None when the script is neither (or it cannot be told)."""
    shell = str(subject.context.get("shell") or "bash")
    written = isinstance(subject.node.get("shell"), str) or shell != "bash"
    if not written:
        runs_on = (subject.context.get("job") or {}).get("runs-on")
        text = " ".join(runs_on) if isinstance(runs_on, list) else str(runs_on or "")
        if "${{" in text:
            return None
        if "windows" in text.lower():
            return "pwsh"
    first = shell.split()[0].rsplit("/", 1)[-1].lower() if shell.split() else ""
    if first in ("bash", "sh"):
        return "bash"
    if first in ("pwsh", "powershell"):
        return "pwsh"
    return None


def env_name(body: str, taken: dict[str, str], value: str) -> str:
    """An environment variable name for an expression: its context path in upper case,
    without the prefixes GitHub reserves (GITHUB_, RUNNER_), unique in the step."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", body).strip("_").upper()
    for prefix in _RESERVED:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix):]
            break
    if not name or name[0].isdigit() or len(name) > 40:
        name = "EXPR_" + name[:30].strip("_") if name and len(name) <= 40 else "EXPR"
    base, n = name, 2
    while name in taken and taken[name] != value:
        name = f"{base}_{n}"
        n += 1
    return name


def _contexts(script: str, shell: str) -> list[str] | None:
    """Quote context ("none", "single", "double", "heredoc", "raw") at every offset of a
    bash or PowerShell script, or None when it cannot be read with confidence."""
    state = ["none"] * (len(script) + 1)
    quote = None
    i = 0
    heredoc: tuple[str, bool, bool] | None = None  # (delimiter, quoted, dash)
    lines = script.split("\n")
    pos = 0
    for line in lines:
        if heredoc is not None:
            delim, quoted, dash = heredoc
            done = (line.lstrip("\t") if dash else line) == delim
            for k in range(len(line) + 1):
                state[pos + k] = "heredoc" if not quoted else "raw"
            pos += len(line) + 1
            if done:
                heredoc = None
            continue
        i = 0
        while i < len(line):
            ch = line[i]
            state[pos + i] = quote or "none"
            if quote is None:
                if ch == "'":
                    quote = "single"
                elif ch == '"':
                    quote = "double"
                elif (ch == "\\" and shell == "bash") or (ch == "`" and shell == "pwsh"):
                    i += 1
                elif ch == "<" and shell == "bash" and line.startswith("<<", i):
                    m = _HEREDOC.match(line, i)
                    if m and not line.startswith("<<<", i):
                        heredoc = (m.group(3), bool(m.group(2)) or "\\" in m.group(0), m.group(1) == "-")
            elif quote == "single":
                if ch == "'":
                    quote = None
            elif quote == "double":
                if ch == '"':
                    quote = None
                elif (ch == "\\" and shell == "bash") or (ch == "`" and shell == "pwsh"):
                    i += 1
            i += 1
        if i <= len(line):
            state[pos + min(i, len(line))] = quote or "none"
        pos += len(line) + 1
    if quote is not None and shell == "pwsh":
        return None
    return state


def _reference(name: str, context: str, shell: str) -> str | None:
    if shell == "pwsh":
        return None if context in ("single", "raw") else "${env:" + name + "}"
    if context == "single":
        return "'\"${" + name + "}\"'"  # close the quote, expand, reopen it
    if context == "raw":
        return None
    return "${" + name + "}"


def move_to_env(subject: Subject, hit: Hit) -> list | Refusal:
    step = subject.node
    if hit.node is not step or hit.key != "run" or not isinstance(step.get("run"), str):
        return Refusal("the expression is in a script action's input: read it from "
                       "process.env (or context.payload) in the script instead")
    shell = _shell(subject)
    if shell is None:
        return Refusal("the step's shell is not bash or pwsh (or depends on the runner): "
                       "move the expression into env: by hand")
    script = step["run"]
    source = subject.context.get("source")
    written = source.entry_text(step, "run") if source is not None else None
    if written is None or re.match(r"run\s*:\s*(?:&\S+\s+)?>", written[0]):
        return Refusal("the script is folded (>) or not written in this step: move the "
                       "expression into env: by hand")
    contexts = _contexts(script, shell)
    if contexts is None:
        return Refusal("the script's quoting cannot be followed: move the expression by hand")
    env = step.get("env")
    if env is not None and not isinstance(env, dict):
        return Refusal("the step's env: is not a mapping")
    taken = {str(k): str(v) for k, v in (env or {}).items()}
    added: dict[str, str] = {}
    out, last = [], 0
    for expr in find_expressions(script):
        if "\n" in expr.body.strip():
            return Refusal("an expression spans several lines: move it into env: by hand")
        value = "${{ " + expr.body.strip() + " }}"
        name = next((k for k, v in {**taken, **added}.items() if v == value), None) \
            or env_name(expr.body, {**taken, **added}, value)
        ref = _reference(name, contexts[expr.start], shell)
        if ref is None:
            return Refusal("the expression sits where a variable does not expand (a quoted "
                           "here-document or a PowerShell single-quoted string)")
        if name not in taken:
            added[name] = value
        out.append(script[last:expr.start] + ref)
        last = expr.end
    if not out:
        return Refusal("no expression left in the script")
    edits: list = [SetValue(step, ("run",), "".join(out) + script[last:])]
    if env is None:
        edits.append(SetValue(step, ("env",), added, before=("run",)))
    else:
        edits += [SetValue(env, (k,), v) for k, v in added.items()]
    return edits

"""Where code runs in a workflow (scripts of `run:` and of script actions), what env a step
sees, and which steps check out the untrusted head of a pull request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model import Span
from .expr import context_refs, find_expressions, is_attacker_controlled
from .model import Found, Source, expressions, mapping, parse_uses, sequence

# Actions whose `with:` inputs are code they evaluate (a shell, JavaScript, Python, a
# template language, a remote shell).
SCRIPT_ACTIONS: dict[str, tuple[str, ...]] = {
    "actions/github-script": ("script",),
    "amadevus/pwsh-script": ("script",),
    "jannekem/run-python-script-action": ("script",),
    "azure/cli": ("inlinescript",),
    "azure/powershell": ("inlinescript",),
    "mikefarah/yq": ("cmd",),
    "tibdex/backport": ("title_template", "body_template"),
    "addnab/docker-run-action": ("run",),
    "appleboy/ssh-action": ("script",),
    "cardinalby/js-eval-action": ("expression",),
    "nick-fields/retry": ("command", "on_retry_command", "new_command_on_retry"),
    "nick-invision/retry": ("command", "on_retry_command", "new_command_on_retry"),
    "wandalen/wretry.action": ("command",),
    "uraimo/run-on-arch-action": ("run",),
    "cross-platform-actions/action": ("run",),
    "garygrossgarten/github-action-ssh": ("command",),
    "jimcronqvist/action-ssh": ("command",),
    **{f"vmactions/{os}-vm": ("run", "prepare") for os in (
        "freebsd", "openbsd", "netbsd", "solaris", "dragonflybsd", "omnios")},
}


def script_sinks(step: Any) -> Iterator[tuple[Any, str]]:
    """(container, key) of every script a step runs: `run`, and script actions' inputs."""
    if not isinstance(step, dict):
        return
    if isinstance(step.get("run"), str):
        yield step, "run"
    uses = parse_uses(step.get("uses"))
    if uses is not None and uses.kind == "action":
        keys = SCRIPT_ACTIONS.get(f"{uses.owner}/{uses.repo}".lower(), ())
        with_ = mapping(step.get("with"))
        for key in with_:
            if isinstance(key, str) and key.lower() in keys and isinstance(with_[key], str):
                yield with_, key


def env_chain(ctx: dict) -> list[Any]:
    """The env mappings a step sees, nearest first (step, job, workflow)."""
    chain = []
    for holder in (ctx.get("step"), ctx.get("job"), ctx.get("workflow")):
        if isinstance(holder, dict) and isinstance(holder.get("env"), dict):
            chain.append(holder["env"])
    return chain


def env_value(ctx: dict, name: str) -> Any:
    for env in env_chain(ctx):
        if name in env:
            return env[name]
        for k in env:
            if isinstance(k, str) and k.lower() == name.lower():
                return env[k]
    return None


def tainted_env(ctx: dict, name: str) -> str | None:
    """The attacker-controlled context an env variable carries, if any."""
    value = env_value(ctx, name)
    if not isinstance(value, str):
        return None
    for e in find_expressions(value):
        for ref in context_refs(e.body):
            if ref.flows and is_attacker_controlled(ref.path):
                return ref.path
    return None


def tainted_refs(found: Found, ctx: dict) -> Iterator[tuple[str, str, Span]]:
    """(shown text, context path, span) of attacker-controlled data an expression reads,
    directly, through `env.NAME` set from such a context, or through an output that an
    earlier step of the job wrote from one."""
    for ref, span in found.refs:
        if not ref.flows:
            continue
        if is_attacker_controlled(ref.path):
            yield ref.text, ref.path, span
        elif ref.path.startswith("env.") and ref.path.count(".") == 1:
            origin = tainted_env(ctx, ref.path.split(".", 1)[1])  # also env['NAME']
            if origin:
                yield ref.text, origin, span
        elif ref.path.startswith("inputs.") and ref.path.count(".") == 1:
            origin = (ctx.get("tainted_inputs") or {}).get(ref.path.split(".", 1)[1])
            if origin:
                yield ref.text, origin, span
        elif ref.path.startswith("matrix.") and ref.path.count(".") == 1:
            origin = tainted_matrix(ctx, ref.path.split(".", 1)[1])
            if origin:
                yield ref.text, origin, span
        elif ref.path in ("matrix", "env"):  # the whole object (`toJSON(matrix)`, `${{ env }}`)
            origin = tainted_matrix(ctx, "*") if ref.path == "matrix" else _any_tainted_env(ctx)
            if origin:
                yield ref.text, origin, span
        elif ref.path.startswith("needs.") and ref.text.count(".") == 3:
            _, job_id, kind, name = ref.text.split(".")
            origin = tainted_need(ctx, job_id, name) if kind == "outputs" else None
            if origin:
                yield ref.text, origin, span
        elif ref.path.startswith("steps.") and ref.text.count(".") == 3:
            _, step_id, kind, name = ref.text.split(".")
            origin = tainted_output(ctx, step_id, name) if kind == "outputs" else None
            if origin:
                yield ref.text, origin, span


def tainted_need(ctx: dict, job_id: str, name: str) -> str | None:
    """The attacker-controlled context an output of job `job_id` is set from: directly, or
    through the output of one of that job's steps."""
    jobs = mapping(mapping(ctx.get("workflow")).get("jobs"))
    job = next((j for k, j in jobs.items() if str(k).lower() == job_id.lower()), None)
    outputs = mapping(mapping(job).get("outputs"))
    value = next((v for k, v in outputs.items() if str(k).lower() == name.lower()), None)
    if not isinstance(value, str):
        return None
    job_ctx = dict(ctx, job=job, steps=sequence(mapping(job).get("steps")), step=None)
    for e in find_expressions(value):
        for ref in context_refs(e.body):
            if not ref.flows:
                continue
            if is_attacker_controlled(ref.path):
                return f"{ref.path} via needs.{job_id}.outputs.{name}"
            parts = ref.text.split(".")
            if ref.path.startswith("steps.") and len(parts) == 4 and parts[2] == "outputs":
                origin = tainted_output(job_ctx, parts[1], parts[3])
                if origin:
                    return f"{origin} via needs.{job_id}.outputs.{name}"
    return None


def tainted_matrix(ctx: dict, name: str) -> str | None:
    """The attacker-controlled context a value of the job's matrix key `name` (`*`: any
    key) is set from: in the key's list, in an `include:` entry, or a whole matrix built
    with `fromJSON()` of attacker data (directly, or a job or step output carrying it)."""
    shown = "matrix" if name == "*" else f"matrix.{name}"
    for ref in _matrix_refs(ctx, name):
        if is_attacker_controlled(ref.path):
            return f"{ref.path} via {shown}"
        parts = ref.text.split(".")
        if ref.path.startswith("needs.") and len(parts) == 4 and parts[2] == "outputs":
            origin = tainted_need(ctx, parts[1], parts[3])
            if origin:
                return f"{origin} via {shown}"
        if ref.path.startswith("inputs.") and len(parts) == 2:
            origin = (ctx.get("tainted_inputs") or {}).get(parts[1].lower())
            if origin:
                return f"{origin} via {shown}"
    return None


def matrix_sources(ctx: dict, name: str) -> list[str]:
    """Context paths the values of the job's matrix key `name` are read from."""
    return [ref.path for ref in _matrix_refs(ctx, name)]


def _matrix_refs(ctx: dict, name: str) -> list:
    strategy = mapping(mapping(ctx.get("job")).get("strategy"))
    raw = strategy.get("matrix")
    values: list[Any] = []
    if isinstance(raw, str):  # `matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}`
        values.append(raw)
    matrix = mapping(raw)
    for key, value in matrix.items():
        if isinstance(key, str) and (key.lower() == name or name == "*") and key != "exclude":
            values.extend(value if isinstance(value, list) else [value])
    include = matrix.get("include")
    if isinstance(include, str):
        values.append(include)
    for entry in include if isinstance(include, list) else []:
        if isinstance(entry, str):
            values.append(entry)
        for key, value in mapping(entry).items():
            if isinstance(key, str) and (key.lower() == name or name == "*"):
                values.append(value)
    return [ref for value in values if isinstance(value, str)
            for e in find_expressions(value) for ref in context_refs(e.body) if ref.flows]


def _any_tainted_env(ctx: dict) -> str | None:
    for env in env_chain(ctx):
        for key in env:
            origin = tainted_env(ctx, str(key))
            if origin:
                return f"{origin} via env.{key}"
    return None


# Actions whose outputs list the files a change touches: file names are chosen by whoever
# wrote the change (`$(curl evil|sh).txt` is a valid file name).
FILE_LIST_ACTIONS = frozenset({
    "tj-actions/changed-files", "tj-actions/verify-changed-files", "dorny/paths-filter",
    "jitterbit/get-changed-files", "ana06/get-changed-files", "trilom/file-changes-action",
    "lots0logs/gh-action-get-changed-files", "masesgroup/retrieve-changed-files",
})


def tainted_output(ctx: dict, step_id: str, name: str) -> str | None:
    """The attacker-controlled context an earlier step wrote to output `name`, if any:
    `echo "name=${{ github.event.issue.title }}" >> "$GITHUB_OUTPUT"` (or via a tainted
    env variable)."""
    for step in ctx.get("steps") or []:
        if not isinstance(step, dict) or str(step.get("id", "")) != step_id:
            continue
        uses = parse_uses(step.get("uses"))
        if uses is not None and f"{uses.owner}/{uses.repo}".lower() in FILE_LIST_ACTIONS:
            return f"names of changed files via steps.{step_id}.outputs.{name}"
        if uses is not None and uses.is_action("actions/github-script"):
            script = mapping(step.get("with")).get("script")
            origin = _script_output(script, name)
            if origin is None and isinstance(script, str) and _JS_FILE_READ.search(script):
                files = untrusted_files(ctx, step)  # the script reads a downloaded file
                origin = f"a file read by the script ({files})" if files else None
            return f"{origin} via steps.{step_id}.outputs.{name}" if origin else None
        run = step.get("run")
        if not isinstance(run, str) or "GITHUB_OUTPUT" not in run:
            return None
        step_ctx = dict(ctx, step=step, untrusted_files=untrusted_files(ctx, step))
        lines = run.splitlines()
        shell_vars = _shell_taint(lines, step_ctx)
        step_ctx["shell_vars"] = shell_vars
        for i, line in enumerate(lines):
            heredoc = re.search(rf"(?<![\w-]){re.escape(name)}<<\s*['\"]?(\w+)", line)
            if heredoc:  # name<<EOF, the value on the lines up to EOF
                values = []
                for later in lines[i + 1:]:
                    if re.search(rf"(^|[\s\"']){heredoc.group(1)}([\s\"']|$)", later):
                        break
                    values.append(later)
            else:
                at = line.find(f"{name}=")
                if at < 0 or "GITHUB_OUTPUT" not in line:
                    continue
                values = [line[at + len(name) + 1:]]
            for value in values:
                origin = _line_taint(value, step_ctx)
                if origin:
                    return f"{origin} via steps.{step_id}.outputs.{name}"
        return None
    return None


def _line_taint(value: str, ctx: dict) -> str | None:
    """The attacker-controlled context a line of script prints, directly, through env, a
    script variable, or a file read from a downloaded artifact or a restored cache."""
    for e in find_expressions(value):
        for ref in context_refs(e.body):
            if ref.flows and is_attacker_controlled(ref.path):
                return ref.path
    shell_vars = ctx.get("shell_vars") or {}
    for m in re.finditer(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", value):
        origin = shell_vars.get(m.group(1)) or tainted_env(ctx, m.group(1))
        if origin:
            return origin
    source = ctx.get("untrusted_files")
    if source:
        m = _FILE_READ.search(value)
        if m:
            return f"contents of {m.group('file') or m.group('file_')} ({source})"
    return None


# A script reading a file: `$(cat pr.txt)`, `$(<pr.txt)`, `jq -r .n out.json`, `head -1 f`.
_FILE_READ = re.compile(
    r"(?:\bcat|\bhead|\btail|\bunzip\s+-p|Get-Content"
    r"|\b[jy]q\b(?:\s+-\S+)*\s+(?:'[^']*'|\"[^\"]*\"|[^\s'\"]+))"
    r"\s+(?:-\S+\s+)*['\"]?(?P<file>(?:[\w${}]|\.{1,2}/|\.\w)[\w./${}-]*)"
    r"|\$\(\s*<\s*['\"]?(?P<file_>[^\s)'\"]+)", re.IGNORECASE)
_JS_FILE_READ = re.compile(r"\breadFileSync\b|\bfs\.promises\.readFile\b|\breadFile\(")
_ASSIGN_LINE = re.compile(r"^\s*(?:export\s+|local\s+|declare\s+(?:-\S+\s+)*)?"
                          r"([A-Za-z_][A-Za-z0-9_]*)=(.*)$")


def _shell_taint(lines: list[str], ctx: dict) -> dict[str, str]:
    """Script variables assigned from attacker data (`PR=$(cat pr.txt)`) before they are
    written to an output: {name: origin}."""
    out: dict[str, str] = {}
    for line in lines:
        m = _ASSIGN_LINE.match(line)
        if not m:
            continue
        origin = _line_taint(m.group(2), dict(ctx, shell_vars=out))
        if origin:
            out[m.group(1)] = origin
        else:
            out.pop(m.group(1), None)
    return out


# Steps that bring another run's files into the workspace: on a privileged trigger they are
# attacker data (the triggering run of a workflow_run is often a fork's pull request).
_ARTIFACT_ACTIONS = frozenset({"dawidd6/action-download-artifact", "actions/cache",
                               "bettermarks/action-artifact-download",
                               "aochmann/actions-download-artifact"})
_ARTIFACT_SCRIPT = re.compile(r"\bgh\s+run\s+download\b|downloadArtifact\b|"
                              r"listWorkflowRunArtifacts\b", re.IGNORECASE)


def untrusted_files(ctx: dict, before: Any) -> str:
    """How files in the workspace became attacker data before step `before` ('' if not):
    an artifact of another run or a restored cache, downloaded in a privileged workflow."""
    from .model import PRIVILEGED_TRIGGERS

    if not PRIVILEGED_TRIGGERS & set(ctx.get("triggers") or {}):
        return ""
    for step in ctx.get("steps") or []:
        if step is before:
            return ""
        if not isinstance(step, dict):
            continue
        uses = parse_uses(step.get("uses"))
        name = f"{uses.owner}/{uses.repo}".lower() if uses is not None else ""
        if name == "actions/download-artifact" and "run-id" in mapping(step.get("with")):
            return "an artifact of another run, downloaded on a privileged trigger"
        if name in _ARTIFACT_ACTIONS:
            what = "a restored cache" if name == "actions/cache" else "an artifact of another run"
            return f"{what}, on a privileged trigger"
        script = step.get("run") or mapping(step.get("with")).get("script")
        if isinstance(script, str) and _ARTIFACT_SCRIPT.search(script):
            return "an artifact of another run, downloaded on a privileged trigger"
    return ""


# Free-text fields of the event payload as github-script reads them (`context.payload`).
_PAYLOAD = re.compile(
    r"context\.payload\.((?:issue|pull_request|comment|review|review_comment|discussion)"
    r"\.(?:title|body)|pull_request\.head\.(?:ref|label)|head_commit\.message)\b")


def _script_output(script: Any, name: str) -> str | None:
    """The free-text payload field a github-script step returns (`result`) or passes to
    `core.setOutput(name, ...)`."""
    if not isinstance(script, str):
        return None
    if name == "result":
        parts = re.findall(r"\breturn\b([^\n;]*)", script)
    else:
        parts = re.findall(rf"setOutput\(\s*['\"`]{re.escape(name)}['\"`]\s*,([^\n]*)", script)
    for part in parts:
        m = _PAYLOAD.search(part)
        if m:
            return f"github.event.{m.group(1)}"
        for e in find_expressions(part):
            for ref in context_refs(e.body):
                if ref.flows and is_attacker_controlled(ref.path):
                    return ref.path
    return None


def pattern_spans(source: Source | None, container: Any, key: Any,
                  pattern: re.Pattern) -> list[tuple[re.Match, Span | None]]:
    """Matches of `pattern` in the written text of `container[key]`, each with its span;
    falls back to the loaded string (placed at the key) when the text is elsewhere."""
    entry = source.entry_text(container, key) if source is not None else None
    if entry is not None:
        text, base = entry
        out = [(m, source.span_at(base + m.start(), m.end() - m.start()))
               for m in pattern.finditer(text)]
        if out:
            return out
    value = container.get(key) if isinstance(container, dict) else None
    if not isinstance(value, str):
        return []
    span = container.key_spans.get(key) if hasattr(container, "key_spans") else None
    return [(m, span) for m in pattern.finditer(value)]


_LINE = re.compile(r"\S[^\n]*")


def line_spans(source: Source | None, container: Any, key: Any) -> list[tuple[str, Span | None]]:
    """Each line of a written script value with its span (for line-oriented checks)."""
    out = []
    head = re.compile(rf"^\s*[\"']?{re.escape(str(key))}[\"']?\s*:\s*")
    for i, (m, span) in enumerate(pattern_spans(source, container, key, _LINE)):
        text = m.group(0)
        if not text.strip():
            continue
        if i == 0:
            text = head.sub("", text, count=1)
            if re.fullmatch(r"[|>][-+0-9]*\s*(#.*)?", text):
                continue  # the block scalar indicator line
        out.append((text, span))
    return out


_HEAD_CONTEXTS = (
    "github.event.pull_request.head.sha", "github.event.pull_request.head.ref",
    "github.head_ref", "github.event.workflow_run.head_sha",
    "github.event.workflow_run.head_branch", "github.event.workflow_run.head_commit.id",
    "github.event.pull_request.head.repo.full_name",
    "github.event.workflow_run.head_repository.full_name",
    "github.event.number", "github.event.pull_request.number", "github.event.issue.number",
    "github.event.pull_request.merge_commit_sha",
)
_HEAD_REFS = re.compile(r"refs/pull/.*/(merge|head)")
_RUN_CHECKOUT = re.compile(r"\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|checkout|switch)\b[^\n]*"
                           r"(pull/|head_ref|HEAD_REF|PR_REF|pr_ref|head\.ref|head\.sha)")


# Actions that look up the pull request a comment was made on and output its head.
_HEAD_OUTPUT_ACTIONS = frozenset({
    "xt0rted/pull-request-comment-branch", "gotson/pull-request-comment-branch",
    "alessbell/pull-request-comment-branch",
})
# A script that reads the head of a pull request (to hand it to a later checkout).
_HEAD_LOOKUP = re.compile(r"head\.(sha|ref)\b|headRef(Oid|Name)|\bhead_(sha|ref)\b|refs/pull/"
                          r"|pulls\.get\b|gh\s+pr\s+view|gh\s+api\b[^\n]*/pulls/")


_GIT_VAR = re.compile(r"\bgit\s+(?:fetch|checkout|switch|reset)\b[^\n]*?\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def checks_out_head(step: Any, source: Source | None = None,
                    ctx: dict | None = None) -> tuple[Any, Any] | None:
    """(container, key) where a step checks out the pull request head, or None. With the
    step's context, a ref passed through `env:` or through the output of an earlier step
    that looks the head up (`pulls.get`, `gh pr view`, pull-request-comment-branch) counts."""
    if not isinstance(step, dict):
        return None
    uses = parse_uses(step.get("uses"))
    if uses is not None and uses.is_action("actions/checkout"):
        with_ = mapping(step.get("with"))
        for key in ("ref", "repository"):
            value = with_.get(key)
            if not isinstance(value, str):
                continue
            if _HEAD_REFS.search(value) and "${{" in value:
                return with_, key
            for found in expressions(source, with_, key):
                if any(r.path in _HEAD_CONTEXTS or _carries_head(r.path, ctx)
                       for r, _ in found.refs if r.flows):
                    return with_, key
        return None
    run = step.get("run")
    if isinstance(run, str) and _RUN_CHECKOUT.search(run):
        return step, "run"
    if isinstance(run, str) and ctx:  # `git checkout "$HEAD_SHA"`, HEAD_SHA set from the head
        step_ctx = dict(ctx, step=step)
        for m in _GIT_VAR.finditer(run):
            if _carries_head(f"env.{m.group(1)}", step_ctx):
                return step, "run"
    return None


def _carries_head(path: str, ctx: dict | None) -> bool:
    """Whether `env.NAME` or `steps.ID.outputs.NAME` holds the pull request head."""
    if not ctx:
        return False
    parts = path.split(".")
    if len(parts) == 2 and parts[0] == "env":
        value = env_value(ctx, parts[1])
        return isinstance(value, str) and (
            bool(_HEAD_REFS.search(value)) or any(
                r.path in _HEAD_CONTEXTS for e in find_expressions(value)
                for r in context_refs(e.body) if r.flows))
    if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
        for earlier in ctx.get("steps") or []:
            if not isinstance(earlier, dict) or str(earlier.get("id", "")).lower() != parts[1]:
                continue
            uses = parse_uses(earlier.get("uses"))
            if uses is not None and f"{uses.owner}/{uses.repo}".lower() in _HEAD_OUTPUT_ACTIONS:
                return True
            script = earlier.get("run") or mapping(earlier.get("with")).get("script")
            return isinstance(script, str) and bool(_HEAD_LOOKUP.search(script))
    return False


# A condition that lets only pull requests from the repository itself (not forks) through:
# their authors already have write access.
_SAME_REPO = re.compile(
    r"head(?:\.repo|_repository)\.full_name\s*==\s*github\.repository\b"
    r"|github\.repository\s*==\s*github\.event\.\S*head(?:\.repo|_repository)\.full_name"
    r"|head(?:\.repo|_repository)\.fork\s*(?:==\s*false|!=\s*true)"
    r"|!\s*github\.event\.\S*head(?:\.repo|_repository)\.fork\b",
    re.IGNORECASE)


def same_repo_only(*holders: Any) -> bool:
    """Whether a job or step `if:` admits only pull requests from the repository itself."""
    for holder in holders:
        cond = holder.get("if") if isinstance(holder, dict) else None
        if isinstance(cond, str) and "||" not in cond and _SAME_REPO.search(cond):
            return True
    return False


def runs_code(step: Any) -> bool:
    """A step that executes code from the workspace: a script, a local action, or a build."""
    if not isinstance(step, dict):
        return False
    if isinstance(step.get("run"), str):
        return True
    uses = parse_uses(step.get("uses"))
    if uses is None:
        return False
    if uses.kind == "local":
        # `./x` runs the action as checked out into the workspace; `$/x` runs it from the
        # commit the workflow itself comes from, whatever the workspace holds.
        return not uses.self_ref
    return uses.kind == "action" and f"{uses.owner}/{uses.repo}".lower() in BUILD_ACTIONS


BUILD_ACTIONS = frozenset({
    "docker/build-push-action", "gradle/gradle-build-action", "gradle/actions",
    "github/codeql-action", "cypress-io/github-action", "pre-commit/action",
    "goreleaser/goreleaser-action", "borales/actions-yarn", "bahmutov/npm-install",
    "actions/github-script", "coverallsapp/github-action", "codecov/codecov-action",
    "sonarsource/sonarcloud-github-action", "sonarsource/sonarqube-scan-action",
    "andresz1/size-limit-action", "ruby/setup-ruby", "pnpm/action-setup",
})

"""Publishing steps that use a stored token where the registry offers trusted publishing."""

import re

from linter.kinds.github_actions.model import mapping, parse_uses
from linter.kinds.github_actions.scripts import line_spans
from linter.model import Hit

_TRUSTED_INDEXES = ("https://upload.pypi.org/legacy", "https://test.pypi.org/legacy")
_PUBLISH = re.compile(
    r"\b(?:(?:npm|pnpm|bun)\s+publish|yarn\s+npm\s+publish|bunx\s+npm\s+publish"
    r"|cargo\s+(?:\+\S+\s+)?publish|twine(?:==\S+)?\s+upload|gem\s+push"
    r"|(?:dotnet\s+)?nuget(?:\.exe)?\s+push|poetry\s+publish)\b")
_DRY_RUN = re.compile(r"\s--dry-run\b|\bcargo\b.*\spublish\b.*\s-n\b")
_JOIN = re.compile(r"[\\`]\s*\n")
_CONTINUED = re.compile(r"(?:\\|`)\s*$")


def _oidc(ctx):
    for holder in (ctx.get("job"), ctx.get("workflow")):
        perms = holder.get("permissions") if isinstance(holder, dict) else None
        if perms == "write-all" or (isinstance(perms, dict) and perms.get("id-token") == "write"):
            return True
        if isinstance(holder, dict) and "permissions" in holder:
            return False  # the job's block replaces the workflow's
    return False


def _action(step):
    uses = parse_uses(step.get("uses"))
    if uses is None or uses.kind != "action":
        return None
    name = f"{uses.owner}/{uses.repo}".lower()
    with_ = mapping(step.get("with"))
    if name == "pypa/gh-action-pypi-publish" and with_.get("password"):
        url = str(with_.get("repository-url") or with_.get("repository_url") or _TRUSTED_INDEXES[0])
        if url.rstrip("/").startswith(_TRUSTED_INDEXES):
            return "a PyPI API token (password:)"
    if name == "rubygems/release-gem" and str(with_.get("setup-trusted-publisher")).lower() == "false":
        return "a RubyGems API key (setup-trusted-publisher: false)"
    if name == "rubygems/configure-rubygems-credentials" and with_.get("api-token"):
        server = str(with_.get("gem-server") or "https://rubygems.org").rstrip("/")
        if server == "https://rubygems.org":
            return "a RubyGems API token (api-token:)"
    if name == "actions/setup-node":
        registry = str(with_.get("registry-url", "")).rstrip("/")
        if registry == "https://registry.npmjs.org" and str(with_.get("always-auth")).lower() == "true":
            return "an npm token (registry-url with always-auth)"
    return None


def _commands(source, step):
    """Logical command lines (continuations joined) with the span of their first line."""
    current, first = "", None
    for text, span in line_spans(source, step, "run"):
        if first is None:
            first = span
        current += " " + _CONTINUED.sub("", text)
        if not _CONTINUED.search(text):
            yield current, first
            current, first = "", None
    if first is not None:
        yield current, first


def check(subject, params):
    step = subject.node
    how = _action(step)
    if how:
        yield Hit(step, "uses", attr="uses", values={"how": how})
        return
    run = step.get("run")
    if not isinstance(run, str) or not _PUBLISH.search(" ".join(_JOIN.sub(" ", run).split())):
        return
    if _oidc(subject.context):
        return
    for command, span in _commands(subject.context.get("source"), step):
        m = _PUBLISH.search(" ".join(command.split()))
        if m and not _DRY_RUN.search(command):
            yield Hit(step, "run", attr=f"run[{m.group(0)}]", span=span,
                      values={"how": f"'{m.group(0)}' and a stored token"})

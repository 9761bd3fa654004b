"""workflow_run + download of the triggering run's artifacts into the workspace + code run."""

import re

from linter.kinds.github_actions.exposure import lowered_when_restricted
from linter.kinds.github_actions.model import mapping, parse_uses
from linter.kinds.github_actions.scripts import runs_code
from linter.model import Hit

_ROOTS = {"", ".", "./", "${{ github.workspace }}", "${{github.workspace}}"}
_GH_DOWNLOAD = re.compile(r"\bgh\s+run\s+download\b(?![^\n]*\s(-D|--dir)\s)")


_SCRIPT_DOWNLOAD = re.compile(r"\bdownloadArtifact\b")
_UNZIP_HERE = re.compile(r"\b(?:unzip|7z\s+x|tar\s+-?x\S*)\b(?![^\n]*\s(?:-d|-o\S*|-C)\s)")


def _download(step, later=()):
    """(container, key, shown) when a step extracts foreign artifacts into the workspace
    (for github-script's downloadArtifact: when a later step unzips it there)."""
    uses = parse_uses(step.get("uses"))
    with_ = mapping(step.get("with"))
    if uses is not None and uses.is_action("actions/github-script"):
        script = with_.get("script")
        if isinstance(script, str) and _SCRIPT_DOWNLOAD.search(script) and any(
                isinstance(s.get("run"), str) and _UNZIP_HERE.search(s["run"]) for s in later):
            return with_, "script", "downloadArtifact in actions/github-script"
        return None
    if uses is not None and uses.kind == "action":
        name = f"{uses.owner}/{uses.repo}".lower()
        if name == "actions/download-artifact":
            if "workflow_run" not in str(with_.get("run-id", "")):
                return None  # artifacts of this run: produced by trusted steps
        elif name != "dawidd6/action-download-artifact":
            return None
        if str(with_.get("path", "")).strip() not in _ROOTS:
            return None
        return step, "uses", uses.raw
    run = step.get("run")
    if isinstance(run, str) and _GH_DOWNLOAD.search(run):
        return step, "run", "gh run download"
    return None


def check(subject, params):
    """The hits, medium with the reason when something in the workflow decides who can
    start the job (linter.kinds.github_actions.exposure)."""
    return lowered_when_restricted(subject, _hits(subject, params))


def _hits(subject, params):
    if "workflow_run" not in subject.context.get("triggers", {}):
        return
    steps = [s for s in subject.context.get("steps") or [] if isinstance(s, dict)]
    for i, step in enumerate(steps):
        found = _download(step, steps[i + 1:])
        if found is None:
            continue
        later = [s for s in steps[i + 1:] if runs_code(s)]
        if not later:
            continue
        nxt = later[0]
        runner = "a run step" if isinstance(nxt.get("run"), str) else str(nxt.get("uses"))
        container, key, shown = found
        yield Hit(container, key, attr=f"steps[{i}].{key}",
                  values={"value": shown, "runner": runner})
        return

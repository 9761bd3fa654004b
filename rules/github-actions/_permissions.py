"""What GITHUB_TOKEN permissions a job needs, told from its steps, for the fixes that
give each job its own least permissions (GHA006, GHA007, GHA032).

Only what is known is inferred: well-known actions whose token use is documented, and
`run:` scripts that neither mention the token nor call git push, gh or the GitHub API.
Anything else makes the job's needs unknown, and the fix leaves the decision to a person.
"""

from __future__ import annotations

import re
from typing import Any

from linter.fix.edits import Refusal, SetValue
from linter.kinds.github_actions.model import mapping, parse_uses, sequence

LEVEL = {"none": 0, "read": 1, "write": 2}
# owner/repo (lower case) -> permissions the action needs from the default token
KNOWN_ACTIONS: dict[str, dict[str, str]] = {
    "actions/checkout": {"contents": "read"},
    "actions/cache": {}, "actions/cache/restore": {}, "actions/cache/save": {},
    "actions/upload-artifact": {}, "actions/download-artifact": {},
    "actions/setup-node": {}, "actions/setup-python": {}, "actions/setup-go": {},
    "actions/setup-java": {}, "actions/setup-dotnet": {}, "actions/setup-ruby": {},
    "ruby/setup-ruby": {}, "actions-rs/toolchain": {}, "dtolnay/rust-toolchain": {},
    "hashicorp/setup-terraform": {}, "azure/setup-helm": {}, "azure/setup-kubectl": {},
    "docker/setup-buildx-action": {}, "docker/setup-qemu-action": {},
    "docker/metadata-action": {}, "docker/build-push-action": {},
    "codecov/codecov-action": {}, "pre-commit/action": {}, "actions/setup-haskell": {},
    "gradle/gradle-build-action": {}, "gradle/actions": {},
    "github/codeql-action": {"contents": "read", "security-events": "write", "actions": "read"},
}
_TOKEN = re.compile(r"github\.token|secrets\.github_token|GITHUB_TOKEN|\bgh\s|\bhub\s|git\s+push|"
                    r"api\.github\.com|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN", re.IGNORECASE)


def merge(into: dict[str, str], more: dict[str, str]) -> None:
    for scope, level in more.items():
        if LEVEL.get(level, 0) > LEVEL.get(into.get(scope, "none"), 0):
            into[scope] = level


def _mentions_token(node: Any) -> bool:
    if isinstance(node, str):
        return bool(_TOKEN.search(node))
    if isinstance(node, dict):
        return any(_mentions_token(k) or _mentions_token(v) for k, v in node.items())
    if isinstance(node, list):
        return any(_mentions_token(v) for v in node)
    return False


def job_needs(job: Any) -> dict[str, str] | str:
    """The permissions `job` needs, or why they cannot be told."""
    if not isinstance(job, dict):
        return "the job is not a mapping"
    if "uses" in job:
        return "it calls a reusable workflow"
    for key in ("env", "container", "services", "defaults"):
        if _mentions_token(job.get(key)):
            return f"its {key} uses the token"
    needs: dict[str, str] = {}
    for step in sequence(job.get("steps")):
        if not isinstance(step, dict):
            continue
        if _mentions_token(step.get("env")):
            return "a step passes the token in env"
        if "run" in step:
            if _mentions_token(step.get("run")):
                return "a script uses the token, gh, git push or the GitHub API"
            continue
        uses = parse_uses(step.get("uses"))
        if uses is None:
            return "a step uses an action that cannot be read"
        if uses.kind != "action":
            if uses.kind == "docker" and not _mentions_token(step.get("with")):
                continue
            return f"a step uses {step.get('uses')}"
        name = f"{uses.owner}/{uses.repo}".lower()
        known = KNOWN_ACTIONS.get(name)
        if known is None:
            return f"a step uses {name}, whose token use is not known"
        with_ = mapping(step.get("with"))
        if name == "docker/login-action" or (name != "actions/checkout" and _mentions_token(with_)):
            return f"{name} is given the token"
        merge(needs, known)
    return needs


def _without_permissions(root: Any) -> list[tuple[str, Any]]:
    return [(str(job_id), job) for job_id, job in mapping(root.get("jobs")).items()
            if isinstance(job, dict) and "permissions" not in job]


def least_privilege(root: Any) -> list | Refusal:
    """`permissions: {}` for the workflow, and each job without its own the permissions
    its steps need (GHA007, GHA032)."""
    if not isinstance(root, dict) or "permissions" in root:
        return Refusal("the workflow already sets permissions")
    edits: list = []
    for job_id, job in _without_permissions(root):
        needs = job_needs(job)
        if isinstance(needs, str):
            return Refusal(f"cannot tell which permissions job '{job_id}' needs ({needs}): "
                           "give it `permissions:` by hand")
        if needs:
            edits.append(SetValue(job, ("permissions",), needs, before=("steps",)))
    edits.append(SetValue(root, ("permissions",), {}, before=("jobs",)))
    return edits


def writes_to_jobs(root: Any) -> list | Refusal:
    """Workflow permissions moved to the jobs (GHA006): a job made only of known actions
    gets what they need within what the workflow granted; any other job (scripts, unknown
    actions) keeps exactly what the workflow granted; the workflow keeps `permissions: {}`."""
    granted = root.get("permissions") if isinstance(root, dict) else None
    if not isinstance(granted, dict):
        return Refusal("the workflow permissions are not a mapping")
    edits: list = []
    for _job_id, job in _without_permissions(root):
        needs = job_needs(job)
        if isinstance(needs, str) or any(isinstance(s, dict) and "run" in s
                                         for s in sequence(job.get("steps"))):
            # scripts may use what the workflow granted without saying so (git push with
            # the checkout's credentials, an OIDC login): they keep all of it
            given = {str(k): str(v) for k, v in granted.items()}
        else:
            given = {scope: level for scope, level in needs.items()
                     if LEVEL.get(str(granted.get(scope, "none")), 0) >= LEVEL.get(level, 0)}
            given.update({scope: str(granted[scope]) for scope, level in needs.items()
                          if scope in granted and scope not in given})
        edits.append(SetValue(job, ("permissions",), given, before=("steps",)))
    edits.append(SetValue(root, ("permissions",), {}))
    return edits

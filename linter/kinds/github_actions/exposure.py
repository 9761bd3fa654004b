"""How exploitable a finding in a job is: who can start the job, and with what privileges.

The model (written down in docs/github-actions.md):

- **privileged**: a trigger that runs with the base repository's secrets and a token that
  can write, on an event a stranger causes (`pull_request_target`, `workflow_run`,
  `issue_comment`, `issues`, ...; `PRIVILEGED_TRIGGERS`).
- **restricted**: something in the workflow decides who gets through before the job runs:
  an `if:` of the job (or the step) on the author's association, the actor, a label a
  maintainer sets, the pull request coming from the repository itself; or a job it
  `needs:` that checks the actor's permission (a permission-check action, a script that
  reads the collaborator permission, or an `if:` on the association).
- **pull_request only**: a fork's run gets no secrets and a read-only token, and whoever
  can inject there already controls the code being built.

A sink is high or critical only when privileged and not restricted; restricted or
unprivileged it is medium, and low on plain `pull_request`. The reason goes in the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .model import PRIVILEGED_TRIGGERS, mapping, parse_uses, sequence
from .scripts import same_repo_only

# `if:` tests that let only trusted people through.
_ASSOCIATION = re.compile(r"author_association", re.IGNORECASE)
_LABEL = re.compile(r"labels\.\*\.name|label\.name|labels\b", re.IGNORECASE)
_ACTOR = re.compile(r"github\.(?:triggering_)?actor\s*==\s*'[^']*'|'[^']*'\s*==\s*github\.(?:triggering_)?actor",
                    re.IGNORECASE)
_BOT_ACTOR = re.compile(r"\[bot\]", re.IGNORECASE)
_EVENT_NOT_PR = re.compile(r"workflow_run\.event\s*(?:!=\s*'pull_request'|==\s*'(?:push|schedule|"
                           r"workflow_dispatch|release)')", re.IGNORECASE)
# Actions and API calls that check the actor's permission on the repository.
PERMISSION_ACTIONS = frozenset({
    "actions-cool/check-user-permission", "prince-chrismc/check-actor-permissions-action",
    "sushichop/action-repository-permission", "lannonbr/repo-permission-check-action",
    "tspascoal/get-user-teams-membership", "skjnldsv/check-actor-permission",
    "morfien101/actions-authorized-user",
})
_PERMISSION_SCRIPT = re.compile(
    r"getCollaboratorPermissionLevel|collaborators/[^\s/]+/permission|/permission\b"
    r"|checkCollaborator|orgs\.checkMembership|teams\.getMembershipForUserInOrg"
    r"|author_association|\bauthorAssociation\b", re.IGNORECASE)


@dataclass(frozen=True)
class Exposure:
    privileged: bool  # a privileged trigger starts the job
    restriction: str  # what limits who can start it ("" when nothing does)
    pull_request_only: bool  # only plain pull_request (no secrets for forks) reaches it
    triggers: tuple[str, ...]

    @property
    def exploitable(self) -> bool:
        """Privileged and open to anyone: the finding is exploitable as stated."""
        return self.privileged and not self.restriction

    def severity(self, top: str = "high") -> str | None:
        """None (the rule's own severity) when exploitable; else medium or low."""
        if self.exploitable:
            return None
        if self.pull_request_only:
            return "low"
        return "medium" if top in ("high", "critical") else None

    def reason(self) -> str:
        """Why the severity is lower, for the message ('' when it is not)."""
        if self.exploitable:
            return ""
        if self.restriction:
            return f" (lowered: {self.restriction})"
        if self.pull_request_only:
            return (" (lowered: on pull_request a fork's run has no secrets and a read-only"
                    " token, and its author already controls the code)")
        if not self.triggers:
            return " (lowered: the trigger is the caller's, not known here)"
        return (f" (lowered: {', '.join(self.triggers)} runs only for people with write"
                " access or on the repository's own schedule)")


def exposure(ctx: dict, step: Any = None) -> Exposure:
    """The exposure of the job in `ctx` (and of `step`, whose `if:` may narrow it)."""
    triggers = _effective_triggers(ctx)
    privileged = bool(PRIVILEGED_TRIGGERS & set(triggers))
    job = ctx.get("job")
    restriction = restricted_by(ctx, job, step if step is not None else ctx.get("step"))
    pr_only = bool(triggers) and set(triggers) <= {"pull_request", "pull_request_review"} \
        and "pull_request_review" not in triggers
    return Exposure(privileged, restriction, pr_only, tuple(sorted(triggers)))


def _effective_triggers(ctx: dict) -> list[str]:
    """The workflow's triggers; for a reusable workflow or an action, those of the callers
    found in the scan (none known: empty)."""
    own = [t for t in ctx.get("triggers") or {} if t != "workflow_call"]
    callers = sorted(ctx.get("caller_triggers") or ())
    if ctx.get("action") or ("workflow_call" in (ctx.get("triggers") or {}) and not own):
        return callers
    return sorted(set(own) | (set(callers) if "workflow_call" in (ctx.get("triggers") or {}) else set()))


def restricted_by(ctx: dict, job: Any, step: Any = None) -> str:
    """What in the workflow limits who can start the job (or step), '' when nothing does."""
    for holder, what in ((job, "the job"), (step, "the step")):
        cond = holder.get("if") if isinstance(holder, dict) else None
        text = _condition(cond)
        if text:
            return f"{what} runs only when {text}"
    if same_repo_only(job, step):
        return "only pull requests from the repository itself reach it"
    if isinstance(job, dict) and job.get("environment") is not None:
        env = job["environment"]
        name = env.get("name") if isinstance(env, dict) else env
        return f"the job waits for the '{name}' environment, which can require a reviewer"
    checker = _permission_need(ctx, job)
    if checker:
        return f"it needs job '{checker}', which checks the actor's permission first"
    return ""


def lowered_when_restricted(subject: Any, hits: Iterable[Any]) -> Iterator[Any]:
    """`hits` of a job or step subject, each lowered to medium with the reason (`exposure`
    in its values) when something in the workflow decides who can start the job."""
    gate = None
    for hit in hits:
        if gate is None:
            gate = restricted_by(subject.context, subject.context.get("job"),
                                 subject.node if subject.level == "step" else None)
        hit.values["exposure"] = f" (lowered: {gate})" if gate else ""
        if gate:
            hit.severity = "medium"
        yield hit


def _condition(cond: Any) -> str:
    if not isinstance(cond, str) or "||" in cond and not _ASSOCIATION.search(cond):
        return ""
    if _ASSOCIATION.search(cond):
        return "the author is a member, owner or collaborator (author_association)"
    if _LABEL.search(cond):
        return "a maintainer has set a label"
    m = _ACTOR.search(cond)
    if m and not _BOT_ACTOR.search(m.group(0)):
        return "a named actor starts it"
    if _EVENT_NOT_PR.search(cond):
        return "the triggering run did not come from a pull request"
    return ""


def _permission_need(ctx: dict, job: Any) -> str:
    """A job this one needs (directly or further up) that checks the actor's permission."""
    jobs = mapping(mapping(ctx.get("workflow")).get("jobs"))
    seen: set[str] = set()
    todo = _needs(job)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        other = next((j for k, j in jobs.items() if str(k).lower() == name), None)
        if not isinstance(other, dict):
            continue
        if _condition(other.get("if")) or _checks_permission(other):
            return name
        todo.extend(_needs(other))
    return ""


def _needs(job: Any) -> list[str]:
    needs = job.get("needs") if isinstance(job, dict) else None
    if isinstance(needs, str):
        return [needs.lower()]
    return [str(n).lower() for n in needs] if isinstance(needs, list) else []


def _checks_permission(job: dict) -> bool:
    for step in sequence(job.get("steps")):
        if not isinstance(step, dict):
            continue
        uses = parse_uses(step.get("uses"))
        if uses is not None and f"{uses.owner}/{uses.repo}".lower() in PERMISSION_ACTIONS:
            return True
        script = step.get("run") or mapping(step.get("with")).get("script")
        if isinstance(script, str) and _PERMISSION_SCRIPT.search(script):
            return True
        if _condition(step.get("if")):
            return True
    return False

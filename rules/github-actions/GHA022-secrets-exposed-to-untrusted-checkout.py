"""Steps after a checkout of the PR head (on pull_request_target / workflow_run) that read
secrets other than the automatic token."""

from linter.kinds.github_actions.exposure import lowered_when_restricted
from linter.kinds.github_actions.model import CHECKOUT_TRIGGERS, expressions, string_entries
from linter.kinds.github_actions.scripts import checks_out_head, same_repo_only
from linter.model import Hit


def check(subject, params):
    """The hits, medium with the reason when something in the workflow decides who can
    start the job (linter.kinds.github_actions.exposure)."""
    return lowered_when_restricted(subject, _hits(subject, params))


def _hits(subject, params):
    trig = sorted(CHECKOUT_TRIGGERS & set(subject.context.get("triggers", {})))
    if not trig:
        return
    if same_repo_only(subject.context.get("job")):
        return  # forks never reach this job
    steps = subject.context.get("steps") or []
    index = subject.context.get("step_index", 0)
    source = subject.context.get("source")
    if not any(checks_out_head(s, source, subject.context) for s in steps[:index]):
        yield from _persisted_token(subject.node, source, trig, subject.context)
        if checks_out_head(subject.node, source, subject.context) is not None:
            yield from _shared_env(subject.context, source, trig)
        return
    for container, key, path in string_entries(subject.node):
        for found in expressions(source, container, key):
            for ref, span in found.refs:
                if ref.flows and ref.path.startswith("secrets.") \
                        and ref.path != "secrets.github_token":
                    yield Hit(container, key, attr=f"{path}[{ref.path}]", span=span,
                              values={"value": ref.text, "trigger": " / ".join(trig)})


def _persisted_token(step, source, trig, ctx):
    """The head checkout itself, given a personal token that it writes into .git/config."""
    if checks_out_head(step, source, ctx) is None or not isinstance(step.get("with"), dict):
        return
    with_ = step["with"]
    if str(with_.get("persist-credentials", True)).strip().lower() == "false":
        return
    for found in expressions(source, with_, "token"):
        for ref, span in found.refs:
            if ref.path.startswith("secrets.") and ref.path != "secrets.github_token":
                yield Hit(with_, "token", attr=f"with.token[{ref.path}]", span=span,
                          values={"value": ref.text, "trigger": " / ".join(trig)})


def _shared_env(ctx, source, trig):
    """Secrets in the job's or the workflow's env: every step after the head checkout
    (the build itself) sees them. Reported once, with the first head checkout."""
    for holder, prefix in ((ctx.get("job"), "job.env"), (ctx.get("workflow"), "env")):
        env = holder.get("env") if isinstance(holder, dict) else None
        if not isinstance(env, dict):
            continue
        for key in env:
            for found in expressions(source, env, key):
                for ref, span in found.refs:
                    if ref.flows and ref.path.startswith("secrets.") \
                            and ref.path != "secrets.github_token":
                        yield Hit(env, key, attr=f"{prefix}.{key}[{ref.path}]", span=span,
                                  values={"value": ref.text, "trigger": " / ".join(trig)})

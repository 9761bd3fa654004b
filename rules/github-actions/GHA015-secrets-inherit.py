"""`secrets: inherit` on reusable-workflow calls (lower confidence for local callees)."""

from linter.kinds.github_actions.model import parse_uses
from linter.model import Hit


def check(subject, params):
    job = subject.node
    if str(job.get("secrets", "")).strip().lower() != "inherit":
        return
    uses = parse_uses(job.get("uses"))
    local = uses is not None and uses.kind == "local"
    yield Hit(job, "secrets", attr="secrets", confidence="low" if local else None)

"""`uses:` of actions and reusable workflows that are not pinned to a commit SHA."""

from fnmatch import fnmatchcase

from linter.kinds.github_actions.model import parse_uses
from linter.model import Hit


def check(subject, params):
    node = subject.node
    uses = parse_uses(node.get("uses"))
    if uses is None or uses.kind in ("local", "docker") or uses.pinned:
        return
    if "${{" in uses.raw:
        return
    if not uses.ref:
        why = "with no version at all"
    else:
        allow = [str(p).lower() for p in params.get("allow") or []]
        if any(fnmatchcase(uses.slug, p) or fnmatchcase(f"{uses.owner}/{uses.repo}".lower(), p)
               for p in allow):
            return
        why = f"pinned to the mutable ref '{uses.ref}'"
    yield Hit(node, "uses", attr="uses", values={"value": uses.raw, "why": why})

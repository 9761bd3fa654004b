"""actions/checkout without persist-credentials: false, then upload-artifact."""

from linter.kinds.gha_model import mapping, parse_uses
from linter.model import Hit


def _is(step, name):
    uses = parse_uses(step.get("uses")) if isinstance(step, dict) else None
    return uses is not None and uses.is_action(name)


def check(subject, params):
    steps = subject.context.get("steps") or []
    for i, step in enumerate(steps):
        if not _is(step, "actions/checkout"):
            continue
        persist = mapping(step.get("with")).get("persist-credentials", True)
        if persist is False or str(persist).strip().lower() == "false":
            continue
        uploads = [s for s in steps[i + 1:] if _is(s, "actions/upload-artifact")]
        if not uploads:
            continue
        path = mapping(uploads[0].get("with")).get("path", "")
        yield Hit(step, "uses", attr=f"steps[{i}].with.persist-credentials",
                  values={"path": str(path).strip().replace("\n", " ")[:60]})

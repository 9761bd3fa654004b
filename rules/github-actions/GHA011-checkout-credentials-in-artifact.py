"""actions/checkout without persist-credentials: false, then an upload-artifact whose path
takes in the checkout's `.git` folder (hidden files included)."""

import re

from linter.kinds.github_actions.model import mapping, parse_uses, pinned_version
from linter.model import Hit

_ROOTS = {".", "./", "*", "**", "./*", "./**", "${{ github.workspace }}",
          "${{ github.workspace }}/", "${{github.workspace}}", "${{github.workspace}}/"}
# upload-artifact before v4.4.0 uploaded hidden files (.git) by default.
_OLD = re.compile(r"^v?([0-3])(\.|$)|^v?4\.[0-3](\.|$)")


def _uses(step, name):
    uses = parse_uses(step.get("uses")) if isinstance(step, dict) else None
    return uses if uses is not None and uses.is_action(name) else None


def _falsy(value):
    return value is False or str(value).strip().lower() == "false"


def _takes_git(upload, uses, checkout_path, source):
    with_ = mapping(upload.get("with"))
    roots = set(_ROOTS)
    if checkout_path:
        roots |= {checkout_path, checkout_path.rstrip("/") + "/", f"./{checkout_path}"}
    paths = [p.strip() for p in str(with_.get("path", "")).splitlines() if p.strip()]
    if not any(p in roots or p.rstrip("/").endswith(".git") for p in paths):
        return False
    hidden = with_.get("include-hidden-files")
    if hidden is not None:
        return not _falsy(hidden)
    version = pinned_version(source, upload) if uses.pinned else uses.ref
    if version is None:
        return None  # a commit without a version comment: may predate v4.4
    return bool(_OLD.match(version))


def check(subject, params):
    steps = subject.context.get("steps") or []
    for i, step in enumerate(steps):
        if not _uses(step, "actions/checkout"):
            continue
        with_ = mapping(step.get("with"))
        if _falsy(with_.get("persist-credentials", True)):
            continue
        checkout_path = str(with_.get("path", "")).strip()
        if not params.get("only_with_upload", True):
            yield Hit(step, "uses", attr=f"steps[{i}].with.persist-credentials",
                      values={"upload": "", "risk": "can be read by every later step and tool"})
            continue
        source = subject.context.get("source")
        for upload in steps[i + 1:]:
            uses = _uses(upload, "actions/upload-artifact")
            takes = _takes_git(upload, uses, checkout_path, source) if uses else False
            if takes is not False:
                path = mapping(upload.get("with")).get("path", "")
                shown = " ".join(str(path).split())[:60]
                yield Hit(step, "uses", attr=f"steps[{i}].with.persist-credentials",
                          confidence="low" if takes is None else None,
                          values={"upload": f" and later uploads '{shown}' with its .git folder",
                                  "risk": "leaks to anyone who can download the artifact"
                                          " ('artipacked')"})
                break

"""Action refs named by a bundled list of advisories: version tags below the fix, and
commits known to be malicious."""

import re

from linter.kinds.github_actions.model import parse_uses, pinned_version
from linter.model import Hit

# action -> [(fixed version, advisory text, malicious commit SHAs)]
ADVISORIES = {
    "tj-actions/changed-files": [
        ((46, 0, 1), "a version listed as affected by the March 2025 compromise "
                     "(CVE-2025-30066, tags moved to a commit that printed secrets to the log)",
         {"0e58ed8671d6b60d0890c21b07f8835ace038e67"}),
        ((41, 0, 0), "vulnerable to command injection through changed file names "
                     "(CVE-2023-51664)", set()),
    ],
    "tj-actions/branch-names": [
        ((7, 0, 7), "vulnerable to command injection through branch names (CVE-2023-49291)",
         set()),
    ],
    "actions/download-artifact": [
        ((4, 1, 3), "vulnerable to path traversal when extracting an artifact "
                    "(CVE-2024-42471)", set(), (4, 0, 0)),
    ],
}
_LATEST = 10**6  # `v46` follows the newest v46.x.y release
_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$")


def _version(ref):
    """(major, minor, patch); parts a floating tag leaves out follow the newest release."""
    m = _VERSION.match(ref)
    return tuple(_LATEST if x is None else int(x) for x in m.groups()) if m else None


def check(subject, params):
    uses = parse_uses(subject.node.get("uses"))
    if uses is None or uses.kind != "action":
        return
    advisories = ADVISORIES.get(f"{uses.owner}/{uses.repo}".lower())
    if not advisories:
        return
    ref = uses.ref
    if uses.pinned:  # a commit: judge the version its comment names (`@<sha> # v45.0.7`)
        ref = pinned_version(subject.context.get("source"), subject.node) or ""
    version = _version(ref)
    for fixed, advisory, bad_commits, *introduced in advisories:
        affected = version is not None and version < fixed and (
            not introduced or version >= introduced[0])
        if uses.ref.lower() in bad_commits or affected:
            yield Hit(subject.node, "uses", attr="uses",
                      values={"value": uses.raw, "advisory": advisory,
                              "fix": f"upgrade to v{'.'.join(map(str, fixed))} or later"})
            return

"""Includes that follow a moving target: project without ref or with a branch ref,
components at a branch or ~latest, remote URLs with no version in them."""

import re

from linter.kinds.gitlab_ci.checks import once
from linter.model import Hit, Map

SHA = re.compile(r"^[0-9a-f]{40}$|^[0-9a-f]{64}$")
VERSION = re.compile(r"^v?\d+(\.\d+)*([-+.][0-9A-Za-z.-]+)?$")
URL_PIN = re.compile(r"[/@=](?:[0-9a-f]{40}|v?\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)(?:/|$|\?|#)"
                     r"|/-/raw/[0-9a-f]{40}/|refs/tags/")


SHORT_SHA = re.compile(r"^[0-9a-f]{7,39}$")
# What GitLab resolves a component version to: a full version is one release; `1` and
# `1.2` are the newest 1.x.y and 1.2.z, and `~latest` the newest release of all.
FULL_VERSION = re.compile(r"^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")
PARTIAL_VERSION = re.compile(r"^v?\d+(\.\d+)?$")


def _pinned_ref(ref: str) -> bool:
    ref = ref[len("refs/tags/"):] if ref.startswith("refs/tags/") else ref
    return bool(SHA.match(ref) or VERSION.match(ref))


def _short_sha(ref: str) -> bool:
    """Hex of 7 to 39 characters with a digit: an abbreviated commit, not a word."""
    return bool(SHORT_SHA.match(ref)) and any(c.isdigit() for c in ref)


def _ref_kind(ref: str) -> str:
    """What a project `ref:` that is not pinned names, for the message."""
    if _short_sha(ref):
        return (f"at ref '{ref}', a short commit SHA: a branch or tag of that name would be "
                "used instead, and a longer prefix can become ambiguous")
    return f"at ref '{ref}', a branch (or a tag without a version) that can move"


def _where(entry, key):
    """The `remote:`/`component:` key of a map item, or the string item itself."""
    if isinstance(entry.spec, Map):
        return entry.spec, key
    return entry.node, entry.key


def check(subject, params):
    for i, entry in enumerate(subject.context.get("includes", [])):
        spec = entry.spec
        low = False
        if entry.form == "project":
            ref = spec.get("ref")
            if ref is None:
                node, key, why = spec, "project", "without `ref`: it follows the default branch"
            elif not isinstance(ref, str):
                continue
            elif "$" in ref:
                yield Hit(spec, "ref", attr=f"include[{i}].ref", unknown=True, values={"value": ref})
                continue
            elif _pinned_ref(ref.strip()):
                continue
            else:
                node, key, why = spec, "ref", _ref_kind(ref.strip())
                low = _short_sha(ref.strip())
        elif entry.form == "component":
            value = entry.value if isinstance(entry.value, str) else ""
            version = value.rsplit("@", 1)[1] if "@" in value else None
            if version is None:
                why = "without a version"
            elif "$" in version or SHA.match(version) or FULL_VERSION.match(version):
                continue
            elif version == "~latest":
                why = "at '@~latest', the newest release whatever it is"
            elif PARTIAL_VERSION.match(version):
                line = version.lstrip("v")
                why = (f"at '@{version}', a partial version: GitLab resolves it to the newest "
                       f"{line}.x release, so it moves like ~latest")
            elif _short_sha(version):
                why = f"at '@{version}', a short commit SHA (components need the full SHA)"
            else:
                why = f"at '@{version}', a branch that moves"
            node, key = _where(entry, "component")
        elif entry.form == "remote":
            url = entry.value if isinstance(entry.value, str) else ""
            if not url or "$" in url or URL_PIN.search(url):
                continue
            if isinstance(spec, dict) and isinstance(spec.get("integrity"), str) and \
                    spec["integrity"].strip().startswith("sha256-"):
                continue  # GitLab refuses the file when its hash differs
            why = "from a URL that names no commit or release"
            node, key = _where(entry, "remote")
        else:
            continue
        hit = Hit(node, key, attr=f"include[{i}].{entry.form}", severity="low" if low else None,
                  values={"form": entry.form, "value": entry.value, "why": why})
        if once(subject, "GLC007", hit):
            yield hit

"""Includes that follow a moving target: project without ref or with a branch ref,
components at a branch or ~latest, remote URLs with no version in them."""

import re

from linter.kinds.gitlab_ci.checks import once
from linter.model import Hit, Map

SHA = re.compile(r"^[0-9a-f]{40}$|^[0-9a-f]{64}$")
VERSION = re.compile(r"^v?\d+(\.\d+)*([-+.][0-9A-Za-z.-]+)?$")
URL_PIN = re.compile(r"[/@=](?:[0-9a-f]{40}|v?\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)(?:/|$|\?|#)"
                     r"|/-/raw/[0-9a-f]{40}/|refs/tags/")


def _pinned_ref(ref: str) -> bool:
    ref = ref[len("refs/tags/"):] if ref.startswith("refs/tags/") else ref
    return bool(SHA.match(ref) or VERSION.match(ref))


def _where(entry, key):
    """The `remote:`/`component:` key of a map item, or the string item itself."""
    if isinstance(entry.spec, Map):
        return entry.spec, key
    return entry.node, entry.key


def check(subject, params):
    for i, entry in enumerate(subject.context.get("includes", [])):
        spec = entry.spec
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
                node, key, why = spec, "ref", f"at ref '{ref}', a branch that can move"
        elif entry.form == "component":
            value = entry.value if isinstance(entry.value, str) else ""
            version = value.rsplit("@", 1)[1] if "@" in value else None
            if version is None:
                why = "without a version"
            elif "$" in version or _pinned_ref(version):
                continue
            else:
                why = f"at '@{version}', which moves"
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
        hit = Hit(node, key, attr=f"include[{i}].{entry.form}",
                  values={"form": entry.form, "value": entry.value, "why": why})
        if once(subject, "GLC007", hit):
            yield hit

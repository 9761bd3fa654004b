"""Cache-using steps in workflows that publish (release/tag triggers, publisher steps)."""

import re

from linter.kinds.github_actions.model import mapping, parse_uses
from linter.model import Hit

# Actions that always use a cache.
ALWAYS = {"actions/cache", "swatinem/rust-cache",
          "mozilla-actions/sccache-action", "hendrikmuhs/ccache-action"}
# Actions that cache unless an input turns it off: action -> (input, value that disables).
DEFAULT_ON = {"actions/setup-go": ("cache", False), "gradle/actions": ("cache-disabled", True),
              "gradle/gradle-build-action": ("cache-disabled", True),
              "jdx/mise-action": ("cache", False), "ramsey/composer-install": ("ignore-cache", True)}
# Actions that cache when an input is set: action -> input.
OPT_IN = {"actions/setup-node": ("cache", "package-manager-cache"), "actions/setup-python": "cache",
          "actions/setup-java": "cache", "actions/setup-dotnet": "cache",
          "ruby/setup-ruby": "bundler-cache", "pyo3/maturin-action": "sccache",
          "astral-sh/setup-uv": "enable-cache", "oven-sh/setup-bun": "cache",
          "pnpm/action-setup": "cache"}
PUBLISHERS = {"softprops/action-gh-release", "pypa/gh-action-pypi-publish",
              "goreleaser/goreleaser-action", "ncipollo/release-action",
              "actions/create-release", "svenstaro/upload-release-action",
              "rust-lang/crates-io-auth-action", "changesets/action"}
_PUBLISH_RUN = re.compile(r"\b(npm|yarn|pnpm)\s+publish\b|\bcargo\s+publish\b|\btwine\s+upload\b"
                          r"|\bgh\s+release\s+(create|upload)\b|\bgem\s+push\b|\bpoetry\s+publish\b"
                          r"|\buv\s+publish\b|\bmvn\b[^\n]*\bdeploy\b")


def _truth(value):
    """True, False, or None when the value is an expression known only at run time."""
    if isinstance(value, str) and "${{" in value:
        return None
    return not (value is False or str(value).strip().lower() in ("false", "0", "", "no", "off"))


def _cache_use(step):
    """(action, True) when the step caches, (action, expression) when an expression decides."""
    uses = parse_uses(step.get("uses"))
    if uses is None or uses.kind != "action":
        return None
    name = f"{uses.owner}/{uses.repo}".lower()
    with_ = mapping(step.get("with"))
    if name in ALWAYS:
        if uses.path.lower() == "save":
            return None  # saving writes the cache; restoring is what reads poison
        return uses.raw, True
    if name in DEFAULT_ON:
        key, disabling = DEFAULT_ON[name]
        if key not in with_:
            return uses.raw, True
        value = _truth(with_[key])
        if value is None:
            return uses.raw, with_[key]
        return (uses.raw, True) if value != disabling else None
    keys = OPT_IN.get(name, ())
    keys = (keys,) if isinstance(keys, str) else keys
    for key in keys:
        if key in with_:
            value = _truth(with_[key])
            if value is not False:
                return uses.raw, with_[key] if value is None else True
    return None


def _release_reason(ctx):
    trig = ctx.get("triggers", {})
    if "release" in trig:
        return "release trigger"
    push = trig.get("push")
    if isinstance(push, dict):
        if push.get("tags"):
            return "tag push trigger"
    for step in ctx.get("steps") or []:
        if not isinstance(step, dict):
            continue
        uses = parse_uses(step.get("uses"))
        if uses is not None and f"{uses.owner}/{uses.repo}".lower() in PUBLISHERS:
            return f"publishes with {uses.owner}/{uses.repo}"
        if isinstance(step.get("run"), str) and any(
                _PUBLISH_RUN.search(line) and "--dry-run" not in line
                for line in step["run"].splitlines()):
            return "publishes from a run step"  # a --dry-run publishes nothing
    return None


def check(subject, params):
    if subject.context.get("action"):
        return
    used = _cache_use(subject.node)
    if used is None:
        return
    why = _release_reason(subject.context)
    if why:
        action, enabled = used
        unknown = enabled is not True
        yield Hit(subject.node, "uses", attr="uses", unknown=unknown,
                  values={"action": action, "why": why,
                          "value": f"{enabled}" if unknown else action})

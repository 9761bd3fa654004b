"""Cache-using steps in workflows that publish (release/tag triggers, publisher steps)."""

import re

from linter.kinds.gha_model import mapping, parse_uses
from linter.model import Hit

# Actions that always use a cache.
ALWAYS = {"actions/cache", "swatinem/rust-cache", "ramsey/composer-install",
          "mozilla-actions/sccache-action", "hendrikmuhs/ccache-action"}
# Actions that cache unless an input turns it off: action -> (input, off values).
DEFAULT_ON = {"actions/setup-go": "cache", "gradle/actions": "cache-disabled",
              "gradle/gradle-build-action": "cache-disabled", "jdx/mise-action": "cache"}
# Actions that cache when an input is set: action -> input.
OPT_IN = {"actions/setup-node": "cache", "actions/setup-python": "cache",
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


def _falsy(value):
    return value is False or str(value).strip().lower() in ("false", "0", "", "no", "none")


def _cache_use(step):
    uses = parse_uses(step.get("uses"))
    if uses is None or uses.kind != "action":
        return None
    name = f"{uses.owner}/{uses.repo}".lower()
    with_ = mapping(step.get("with"))
    if name in ALWAYS:
        if uses.path.lower() == "save":
            return None  # saving writes the cache; restoring is what reads poison
        return uses.raw
    if name in DEFAULT_ON:
        key = DEFAULT_ON[name]
        if key == "cache-disabled":
            return None if str(with_.get(key, "")).strip().lower() == "true" else uses.raw
        return None if key in with_ and _falsy(with_.get(key)) else uses.raw
    if name in OPT_IN:
        key = OPT_IN[name]
        return uses.raw if key in with_ and not _falsy(with_.get(key)) else None
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
        if isinstance(step.get("run"), str) and _PUBLISH_RUN.search(step["run"]):
            return "publishes from a run step"
    return None


def check(subject, params):
    if subject.context.get("action"):
        return
    used = _cache_use(subject.node)
    if used is None:
        return
    why = _release_reason(subject.context)
    if why:
        yield Hit(subject.node, "uses", attr="uses", values={"value": used, "why": why})

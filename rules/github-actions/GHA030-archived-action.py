"""`uses:` of actions whose repositories are archived."""

from linter.kinds.github_actions.model import parse_uses
from linter.model import Hit

# Archived repositories and what to use instead.
ARCHIVED = {
    "actions/setup-ruby": "use ruby/setup-ruby",
    "actions/create-release": "use the gh CLI (`gh release create`) or softprops/action-gh-release",
    "actions/upload-release-asset": "use `gh release upload`",
    "actions/setup-elixir": "use erlef/setup-beam",
    "actions/setup-haskell": "use haskell-actions/setup",
    "actions-rs/toolchain": "use dtolnay/rust-toolchain or rustup directly",
    "actions-rs/cargo": "run cargo directly",
    "actions-rs/clippy-check": "run cargo clippy directly",
    "actions-rs/audit-check": "use rustsec/audit-check",
    "actions-rs/tarpaulin": "run cargo tarpaulin directly",
    "actions-rs/install": "use taiki-e/install-action",
    "actions-rs/grcov": "run grcov directly",
    "crazy-max/ghaction-docker-buildx": "use docker/setup-buildx-action",
    "sonarsource/sonarcloud-github-action": "use SonarSource/sonarqube-scan-action",
    "paambaati/codeclimate-action": "use qltysh/qlty-action",
}


def check(subject, params):
    uses = parse_uses(subject.node.get("uses"))
    if uses is None or uses.kind not in ("action", "reusable"):
        return
    name = f"{uses.owner}/{uses.repo}".lower()
    if name in ARCHIVED:
        yield Hit(subject.node, "uses", attr="uses",
                  values={"value": uses.raw, "instead": ARCHIVED[name]})

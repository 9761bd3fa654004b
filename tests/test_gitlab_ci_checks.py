"""The helpers GitLab CI rules lean on: image references, shell quoting, untrusted
variables, credential shapes. Each case is one a real pipeline contains."""

from __future__ import annotations

import pytest

from linter.kinds.gitlab_ci.checks import floating_tag, parse_image, quote_state, untrusted_uses
from linter.kinds.gitlab_ci.secrets import literal_credential, token_shape


@pytest.mark.parametrize("ref,name,tag,digest", [
    ("alpine", "alpine", None, None),
    ("alpine:3.20", "alpine", "3.20", None),
    ("registry.example.com:5000/group/app", "registry.example.com:5000/group/app", None, None),
    ("registry.example.com:5000/group/app:1.2", "registry.example.com:5000/group/app", "1.2", None),
    ("node@sha256:abc", "node", None, "sha256:abc"),
    ("node:20@sha256:abc", "node", "20", "sha256:abc"),
])
def test_image_references(ref, name, tag, digest):
    parsed = parse_image(ref)
    assert (parsed.name, parsed.tag, parsed.digest) == (name, tag, digest)


@pytest.mark.parametrize("tag,floating", [
    ("latest", True), ("dind", True), ("stable-alpine", True), ("master", True),
    ("27.1.1-dind", False), ("3.12-slim", False), ("bookworm-20240701", False),
    # a major-only tag follows every release of its line (ruby:3 is ruby 3.x, whatever x)
    ("v2", True), ("3", True), ("20-alpine", True), ("27-dind", True), ("edge", True),
    ("nightly", True), ("20240701", False), ("1.2", False),
])
def test_floating_tags(tag, floating):
    assert floating_tag(tag) is floating


@pytest.mark.parametrize("text,needle,state", [
    ('echo "$X"', "$X", "double"),
    ("echo '$X'", "$X", "single"),
    ("echo $X", "$X", "none"),
    ('echo "a" $X', "$X", "none"),
    ("echo \\'$X", "$X", "none"),
    ("echo ok # $X", "$X", "comment"),
    ('echo "it\'s $X"', "$X", "double"),
])
def test_quote_state(text, needle, state):
    assert quote_state(text, text.index(needle)) == state


def test_untrusted_uses_names_whole_variables_only():
    text = "x $CI_COMMIT_TITLE ${CI_COMMIT_BRANCH} $CI_COMMIT_BRANCH_X ${CI_COMMIT_MESSAGE:0:9} $CI_COMMIT_SHA"
    assert [name for name, _ in untrusted_uses(text)] == [
        "CI_COMMIT_TITLE", "CI_COMMIT_BRANCH", "CI_COMMIT_MESSAGE"]


@pytest.mark.parametrize("value,label", [
    ("glpat-Xy7dK2pQ9rLm4nB8vC1z", "GitLab personal access token"),
    ("AKIAIOSFODNN7EXAMPLE", "AWS access key id"),
    ("ghp_" + "a" * 36, "GitHub token"),
    ("https://deploy:hunter22@mirror.example.com/x", "password in a URL"),
    ("https://deploy:$PASSWORD@mirror.example.com/x", None),
    ("https://mirror.example.com/x", None),
    ("-----BEGIN OPENSSH PRIVATE KEY-----", "private key"),
])
def test_token_shapes(value, label):
    assert token_shape(value) == label


@pytest.mark.parametrize("name,value,secret", [
    ("DB_PASSWORD", "S3cr3t!", True),
    ("DB_PASSWORD", "$DB_PASSWORD", False),
    ("DB_PASSWORD", "", False),
    ("API_TOKEN", "true", False),
    ("TOKEN_FILE", "/run/secrets/token", False),
    ("SECRET_DETECTION_DISABLED", "yes", False),
    ("POSTGRES_PASSWORD", "postgres", False),
    ("POSTGRES_PASSWORD", "Pr0d-Passw0rd", True),
    ("SORT_KEY", "created_at", False),
    ("SIGNING_KEY", "0d8f3c2a9b7e6f5d", True),
    ("GITLAB_TOKEN_URL", "https://gitlab.example.com/oauth/token", False),
])
def test_literal_credentials(name, value, secret):
    assert literal_credential(name, value) is secret

"""Credentials recognised by their shape alone, in any kind of file.

One detector for every pack: the GitLab CI and GitHub Actions secret checks and the AWS
pack's readers of Terraform values all ask `shape_of` (or use `AWS_ACCESS_KEY_ID`), so a
token format learned once is recognised everywhere. Labels are bare nouns
("GitHub token"); `with_article` makes them read as a phrase.
"""

from __future__ import annotations

import re

# Access key ids of IAM users (AKIA), STS credentials (ASIA), bearer tokens of AWS services
# (ABIA) and context-specific credentials (ACCA). Other unique-id prefixes (AIDA users,
# AROA roles, ...) name principals and are not credentials.
AWS_ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Z0-9])")
PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----")

SHAPES: dict[str, re.Pattern] = {
    "GitLab personal access token": re.compile(r"\bglpat-[0-9A-Za-z_-]{20,}"),
    "GitLab token": re.compile(r"\bgl(?:dt|rt|ptt|cbt|oas|imt|soat|ffct|ft|agent|ws|sa)-[0-9A-Za-z_-]{20,}"),
    "GitLab runner token": re.compile(r"\bglrt-[0-9A-Za-z_-]{20,}|\bGR1348941[0-9A-Za-z_-]{20,}"),
    "AWS access key id": AWS_ACCESS_KEY_ID,
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"),
    "Slack token": re.compile(r"\bxox[abposr]-[0-9A-Za-z-]{10,}"),
    "Slack webhook": re.compile(r"hooks\.slack\.com/services/T[0-9A-Z]+/B[0-9A-Z]+/[0-9A-Za-z]{16,}"),
    "private key": PRIVATE_KEY,
    "Stripe live key": re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}"),
    "npm token": re.compile(r"\bnpm_[A-Za-z0-9]{36}\b"),
    "PyPI token": re.compile(r"\bpypi-AgE[A-Za-z0-9_-]{50,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "SendGrid key": re.compile(r"\bSG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43}\b"),
    "Telegram bot token": re.compile(r"api\.telegram\.org/bot\d{6,}:[A-Za-z0-9_-]{20,}|\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b"),
    "Discord webhook": re.compile(r"discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{40,}"),
    "password in a URL": re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@$]+:(?!\$)[^/\s@$]{3,}@[^\s/]"),
}

# Text that every match of a shape contains: most values hold none of it, and a substring
# test is far cheaper than the regular expressions (whose leading \b and look-behinds keep
# Python's engine from skipping ahead). A shape added above needs its literals here.
LITERALS: dict[str, tuple[str, ...]] = {
    "GitLab personal access token": ("glpat-",),
    "GitLab token": ("gl",),
    "GitLab runner token": ("glrt-", "GR1348941"),
    "AWS access key id": ("AKIA", "ASIA", "ABIA", "ACCA"),
    "GitHub token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "Slack token": ("xox",),
    "Slack webhook": ("hooks.slack.com/services/",),
    "private key": ("PRIVATE KEY",),
    "Stripe live key": ("k_live_",),
    "npm token": ("npm_",),
    "PyPI token": ("pypi-AgE",),
    "Google API key": ("AIza",),
    "SendGrid key": ("SG.",),
    "Telegram bot token": ("api.telegram.org/bot", ":AA"),
    "Discord webhook": ("discord",),
    "password in a URL": ("://",),
}

_ANY: dict[tuple[str, ...], tuple[tuple[str, ...], re.Pattern]] = {}


def shape_of(value: str, among: tuple[str, ...] | None = None) -> str | None:
    """The label of the first credential shape (of `among`, default all) in `value`."""
    labels = tuple(SHAPES) if among is None else among
    found = _ANY.get(labels)
    if found is None:
        literals = tuple(dict.fromkeys(lit for label in labels for lit in LITERALS[label]))
        combined = re.compile("|".join(f"(?:{SHAPES[label].pattern})" for label in labels))
        found = _ANY[labels] = (literals, combined)
    literals, combined = found
    if not any(lit in value for lit in literals) or not combined.search(value):
        return None
    return next(label for label in labels if SHAPES[label].search(value))


def with_article(label: str) -> str:
    """'an AWS access key id', 'a private key'."""
    return ("an " if label[0].lower() in "aeiou" else "a ") + label

"""The shared credential detector: every shape is found, and its fast pre-check (a literal
every match contains) never hides one."""

from __future__ import annotations

import pytest

from linter.kinds._credentials import LITERALS, SHAPES, shape_of

SAMPLES = {
    "GitLab personal access token": "token: glpat-" + "a1B2c3D4e5F6g7H8i9J0",
    "GitLab token": "gldt-" + "x" * 24,
    "GitLab runner token": "GR1348941" + "Zz9_" * 6,
    "AWS access key id": "key=AKIA" + "ABCDEFGHIJ234567",
    "GitHub token": "ghp_" + "A" * 36,
    "Slack token": "xoxb-1234567890-abcdef",
    "Slack webhook": "https://hooks.slack.com/services/T0123ABC/B0456DEF/" + "a" * 24,
    "private key": "-----BEGIN RSA PRIVATE KEY-----",
    "Stripe live key": "sk_live_" + "4" * 24,
    "npm token": "npm_" + "b" * 36,
    "PyPI token": "pypi-AgE" + "c" * 60,
    "Google API key": "AIza" + "d" * 35,
    "SendGrid key": "SG." + "e" * 22 + "." + "f" * 43,
    "Telegram bot token": "https://api.telegram.org/bot123456789:" + "g" * 30,
    "Discord webhook": "https://discord.com/api/webhooks/123/" + "h" * 44,
    "password in a URL": "postgres://admin:hunter22@db.internal/app",
}


def test_every_shape_has_literals_and_a_sample():
    assert set(LITERALS) == set(SHAPES) == set(SAMPLES)


@pytest.mark.parametrize("label", sorted(SAMPLES))
def test_each_shape_is_found_alone_and_among_all(label):
    sample = SAMPLES[label]
    assert SHAPES[label].search(sample)
    assert any(lit in sample for lit in LITERALS[label])
    assert shape_of(sample, (label,)) == label
    assert shape_of(f"prefix {sample} suffix") is not None


def test_plain_text_is_no_credential():
    for text in ("ubuntu-latest", "${{ secrets.TOKEN }}", "https://example.com/path", "AKIA"):
        assert shape_of(text) is None

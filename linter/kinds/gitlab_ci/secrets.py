"""Telling a hard-coded credential from a setting whose name merely sounds secret.

A variable is a credential when its name says so (PASSWORD, TOKEN, SECRET, *_KEY, ...)
and its value is a literal, or when its value has the shape of a known token whatever
the name. Names that describe a credential without holding one (`*_FILE`, `*_PATH`,
`*_URL`, `*_USER`, `SECRET_DETECTION_*`, ...) and values that are references (`$VAR`),
booleans, numbers or paths are not credentials.
"""

from __future__ import annotations

import re
from typing import Any

SECRET_NAME = re.compile(
    r"(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|APIKEY|API_KEY|PRIVATE_KEY|"
    r"ACCESS_KEY|AUTH_KEY|_KEY$|_PASS$|_PWD$|^PASS$|^PWD$|^KEY$)", re.IGNORECASE)
NOT_SECRET_NAME = re.compile(
    r"(_FILE|_FILES|_PATH|_DIR|_URL|_URI|_NAME|_USER|_USERNAME|_ID|_IDS|_ENABLED|_DISABLED|"
    r"_TYPE|_HEADER|_VAR|_VARIABLE|_VARIABLES|_LENGTH|_EXPIRY|_EXPIRES_AT|_EXPIRES|_SCOPE|"
    r"_SCOPES|_FIELD|_ENDPOINT|_HOST|_PORT|_VERSION|_MODE|_LOCATION|_ROLE|_PREFIX|_FORMAT|"
    r"_ENV|_AUDIENCE|_AUD|_ISSUER|_PROVIDER|_MOUNT|_ENGINE|_STORE|_REF|_KIND|_ALGORITHM|"
    r"_SIZE|_BITS|_TTL|_TIMEOUT|_REGEX|_PATTERN|_EXCLUDE|_EXCLUDES|_INCLUDE|_LIST|_IMAGE|"
    r"_NAMESPACE|_REGION|_PROJECT|_SERVER|_FINGERPRINT|_KEYRING|_SOURCE)$"
    r"|^(SECRET_DETECTION|SAST|DS|CS|DAST)_|^CACHE_KEY$|^CI_", re.IGNORECASE)
WEAK_KEY_NAME = re.compile(r"_KEY$|^KEY$", re.IGNORECASE)
STRONG_NAME = re.compile(r"PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|APIKEY|API_KEY|"
                         r"PRIVATE_KEY|ACCESS_KEY|AUTH_KEY|SIGNING_KEY|ENCRYPTION_KEY|MASTER_KEY|"
                         r"LICENSE_KEY|SSH_KEY|DEPLOY_KEY", re.IGNORECASE)
SERVICE_DB_NAME = re.compile(r"^(POSTGRES|PG|MYSQL|MARIADB|MONGO(_INITDB)?|REDIS|RABBITMQ"
                             r"|MINIO|MSSQL|SA|ELASTIC|DB)_", re.IGNORECASE)
TRIVIAL = {"postgres", "password", "secret", "test", "testing", "root", "example", "mysql",
           "admin", "changeme", "pass", "passw0rd", "minio123", "minioadmin", "guest",
           "redis", "mongo", "elastic", "gitlab", "runner", "ci"}

PLACEHOLDERS = {"dummy", "fake", "placeholder", "changeme", "change-me", "change_me", "example",
                "notasecret", "not-a-secret", "test", "testing", "foo", "bar", "foobar", "xxx",
                "todo", "tbd", "redacted", "unset", "insecure"}

TOKEN_SHAPES = [
    ("GitLab personal access token", re.compile(r"\bglpat-[0-9A-Za-z_-]{20,}")),
    ("GitLab token", re.compile(r"\bgl(?:dt|rt|ptt|cbt|oas|imt|soat|ffct|ft|agent|ws|sa)-"
                                r"[0-9A-Za-z_-]{20,}")),
    ("GitLab runner token", re.compile(r"\bglrt-[0-9A-Za-z_-]{20,}|\bGR1348941[0-9A-Za-z_-]{20,}")),
    ("AWS access key id", re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{60,}")),
    ("Slack token", re.compile(r"\bxox[abposr]-[0-9A-Za-z-]{10,}")),
    ("Slack webhook", re.compile(r"hooks\.slack\.com/services/T[0-9A-Z]+/B[0-9A-Z]+/[0-9A-Za-z]{16,}")),
    ("private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
    ("Stripe live key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}")),
    ("npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("PyPI token", re.compile(r"\bpypi-AgE[A-Za-z0-9_-]{50,}")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("SendGrid key", re.compile(r"\bSG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43}\b")),
    ("Telegram bot token", re.compile(r"api\.telegram\.org/bot\d{6,}:[A-Za-z0-9_-]{20,}|"
                                      r"\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b")),
    ("Discord webhook", re.compile(r"discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{40,}")),
    ("password in a URL", re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@$]+:(?!\$)[^/\s@$]{3,}@[^\s/]")),
]


def token_shape(value: str) -> str | None:
    """The kind of known credential `value` contains, if any."""
    for label, pattern in TOKEN_SHAPES:
        if pattern.search(value):
            return label
    return None


def literal_credential(name: str, value: Any, service: bool = False) -> bool:
    """A credential written in clear under a name that says it is one."""
    if name.upper() == "DOCKER_AUTH_CONFIG":
        return isinstance(value, str) and re.search(r'"auth"\s*:\s*"[A-Za-z0-9+/=]{8,}"', value) is not None
    if not SECRET_NAME.search(name) or NOT_SECRET_NAME.search(name):
        return False
    if isinstance(value, bool) or value is None:
        return False
    text = str(value).strip()
    if len(text) < 3 or "$" in text:
        return False
    low = text.lower()
    if low in ("true", "false", "yes", "no", "on", "off", "none", "null", "enabled",
               "disabled", "masked", "protected", "hidden"):
        return False
    if re.fullmatch(r"[0-9.]+", text) and len(text) < 8:
        return False
    if text.startswith(("/", "~/", "./", "../")) or re.fullmatch(r"[\w.-]+\.(json|ya?ml|txt|pem|key|crt|env)", text):
        return False
    if re.fullmatch(r"https?://[^@\s]+", text):
        return False
    if re.fullmatch(r"<[^>]*>|\{\{.*\}\}|x{3,}|\*+|\.\.\.", low):
        return False
    if (service or SERVICE_DB_NAME.match(name)) and low in TRIVIAL:
        return False
    if low in PLACEHOLDERS or re.match(r"(?:dummy|fake|placeholder|your[-_ ]|insert[-_ ]|replace[-_ ]|"
                                       r"changeme|not[-_]?a[-_]?secret|example[-_])", low):
        return False  # `SECRET_KEY_BASE: dummy`: test settings that protect nothing
    if re.search(r"\s", text) and not re.search(r"PASSWORD|PASSWD|PASSPHRASE|^PASS$|_PASS$",
                                                name, re.IGNORECASE):
        return False  # a sentence or a command line, not a token
    if WEAK_KEY_NAME.search(name) and not STRONG_NAME.search(name):
        # `SORT_KEY: name`, `S3_KEY: builds/app.zip`: only a random-looking value is a key
        return len(text) >= 12 and "/" not in text and bool(re.search(r"\d", text)) and \
            bool(re.search(r"[A-Za-z]", text))
    return True

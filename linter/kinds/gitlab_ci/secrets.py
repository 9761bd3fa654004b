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

from .._credentials import shape_of

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

def token_shape(value: str) -> str | None:
    """The kind of known credential `value` contains, if any."""
    return shape_of(value)


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

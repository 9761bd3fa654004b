"""Literal env values that are secrets: by the variable's name (…_PASSWORD, …_TOKEN), by
the value's own shape (private keys, provider tokens), or credentials inside a URL. Names
that point at a secret (…_FILE, …_PATH, …_SECRET_NAME) and values that are placeholders
or references are not secrets; an empty value is not either."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.model import Hit, Subject

SECRET_NAME = re.compile(
    r"(?:^|_)(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY"
    r"|CLIENT_?SECRET|CREDENTIALS?|AUTH_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|MASTER_?KEY|DSN)(?:$|_)"
    r"|_(?:PASS|PWD)$")
NOT_SECRET = re.compile(
    r"(?:_FILE|_PATH|_DIR|_NAME|_NAMES|_REF|_KEY_ID|_ID|_USER|_USERNAME|_ENABLED|_ENABLE|_DISABLED"
    r"|_TTL|_TIMEOUT|_EXPIRY|_EXPIRATION|_LENGTH|_LEN|_TYPE|_MODE|_HEADER|_FIELD|_ENDPOINT|_URL"
    r"|_URI|_HOST|_PORT|_SECONDS|_MINUTES|_HOURS|_DAYS|_COUNT|_LIMIT|_POLICY|_PROVIDER|_AUDIENCE"
    r"|_ISSUER|_SCOPE|_SCOPES|_LOCATION|_MOUNT|_VERSION|_PREFIX|_SUFFIX|_FORMAT|_ALGORITHM|_STORE"
    r"|_KEYRING|_SOURCE|_BACKEND|_REQUIRED|_RESET)$")
PLACEHOLDER = re.compile(r"^\$\(|^\$\{|\{\{|^<.*>$|^%\(|^\*+$|^x+$|^(?:true|false|yes|no|none|null)$",
                         re.IGNORECASE)
# INSERT_TOKEN_HERE, SECRET, __API_KEY__: names standing in for a value, not a value
IDENTIFIER = re.compile(r"^_*[A-Z][A-Z0-9_]*_*$")
# values that are secrets whatever the variable is called
SECRET_VALUE = re.compile(
    r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----|\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b"
    r"|\bgithub_pat_[A-Za-z0-9_]{40,}|\bglpat-[A-Za-z0-9_-]{20}|\bxox[abprs]-[A-Za-z0-9-]{10,}"
    r"|\bsk_live_[A-Za-z0-9]{16,}|\bAIza[0-9A-Za-z_-]{35}\b")
# scheme://user:password@host, unless the password is a reference such as $(DB_PASSWORD)
URL_CREDENTIALS = re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@", re.IGNORECASE)


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    env = subject.node.get("env")
    if not isinstance(env, list):
        return
    for i, item in enumerate(env):
        if not isinstance(item, dict) or "valueFrom" in item:
            continue
        name = str(item.get("name") or "")
        value = item.get("value")
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            continue
        text = str(value).strip()
        if _is_secret(name, text):
            yield Hit(item, "value", attr=f"env[{i}].value", values={"name": name, "value": "***"})


def _is_secret(name: str, text: str) -> bool:
    if SECRET_VALUE.search(text):
        return True
    url = URL_CREDENTIALS.match(text)
    if url:
        return not PLACEHOLDER.search(url.group(1)) and not IDENTIFIER.match(url.group(1))
    upper = name.upper().replace("-", "_").replace(".", "_")
    if not SECRET_NAME.search(upper) or NOT_SECRET.search(upper):
        return False
    return not (len(text) < 4 or PLACEHOLDER.search(text) or IDENTIFIER.match(text)
                or text.startswith("/"))

"""Literal env values whose name says they are secret. Names that point at a secret
(…_FILE, …_PATH, …_SECRET_NAME) and values that are placeholders or references are not
secrets; an empty value is not either."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.model import Hit, Subject

SECRET_NAME = re.compile(
    r"(?:^|_)(?:PASSWORD|PASSWD|PWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY"
    r"|CLIENT_?SECRET|CREDENTIALS?|AUTH_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|MASTER_?KEY|DSN)(?:$|_)")
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
        upper = name.upper().replace("-", "_").replace(".", "_")
        if not SECRET_NAME.search(upper) or NOT_SECRET.search(upper):
            continue
        if len(text) < 4 or PLACEHOLDER.search(text) or IDENTIFIER.match(text) or text.startswith("/"):
            continue
        yield Hit(item, "value", attr=f"env[{i}].value", values={"name": name, "value": "***"})

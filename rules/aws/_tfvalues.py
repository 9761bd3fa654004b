"""Reading Terraform values the way AWS checks need them: hard-coded secrets, scripts,
templates, ECS container definitions.

Shared by the Python checks of the AWS pack, which load it with `rulekit.load_sibling`.
Policy documents are read by `_policies.py`; generic value readers (blocks, truth, ...)
live in `linter.kinds.terraform.rulekit`.
Every reader answers True/False for what is known and None for what is not: a value from
an unset variable must never be taken as passing or failing.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from linter.kinds._credentials import shape_of, with_article
from linter.kinds.terraform.rulekit import closing_brace, unknown_hit
from linter.model import Hit, Map, Seq, Unknown
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


# --- JSON documents ---------------------------------------------------------------------
# Policy documents are read by the AWS pack's one policy reader (_policies.py); the names
# stay here for the checks and tests that read JSON documents through this module.

document = policies.document
public_statements = policies.public_statements


# --- secrets ------------------------------------------------------------------------------

_SECRET_WORDS = {"password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets",
                 "token", "tokens", "apikey", "credential", "credentials"}
_SECRET_PAIRS = {("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"),
                 ("auth", "key"), ("signing", "key"), ("encryption", "key"), ("master", "key"),
                 ("client", "secret"), ("account", "key"), ("app", "key")}
# last words of names that hold a pointer to a secret or a setting about it
_SETTING_WORDS = {
    "arn", "id", "ids", "name", "names", "path", "file", "url", "uri", "endpoint", "param", "params",
    "parameter", "parameters", "ssm", "region", "length", "ttl", "expiry", "expiration", "expires",
    "timeout", "type", "header", "version", "rotation", "ref", "location", "enabled", "enable",
    "disabled", "mode", "count", "issuer", "audience", "policy", "scope", "scopes", "prefix",
    "suffix", "format", "alg", "algorithm", "host", "port", "user", "username", "provider",
    "store", "backend", "source", "dir", "bucket", "table", "queue", "topic", "env", "method",
    "duration", "lifetime", "age", "size", "limit", "strategy", "class", "label", "description",
    "seconds", "minutes", "hours", "days", "ms", "millis", "identifier", "field", "required",
    "manager", "arns", "key_id", "kms", "role", "hash", "salt_rounds", "rounds", "min", "max"}


def _words(name: str) -> list[str]:
    """`dbPassword` / `DB_PASSWORD` / `db-password` -> ["db", "password"]."""
    snake = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", snake.lower()) if w]


def secret_name(name: str) -> bool:
    """A setting named like a credential (DB_PASSWORD, apiKey, client-secret), not like a
    pointer to one or a setting about one (DB_PASSWORD_ARN, TOKEN_URL, TOKENIZER)."""
    words = _words(name)
    if not words:
        return False
    if words[-1] in _SETTING_WORDS or (len(words) > 1 and words[-2] in ("kms",)):
        return False
    if len(words) > 1 and (words[-2], words[-1]) in {("key", "id"), ("secret", "id")}:
        return False
    if any(w in _SECRET_WORDS for w in words) or words[-1] == "pass":
        return True
    return any(pair in _SECRET_PAIRS for pair in zip(words, words[1:]))


_SHAPES = ("AWS access key id", "private key", "GitHub token", "Slack token",
           "GitLab personal access token", "Stripe live key")
_PLACEHOLDER = re.compile(
    r"(?i)^(|\*+|x+|none|null|nil|n/?a|todo|tbd|changeme|change_me|placeholder|dummy|empty"
    r"|true|false|yes|no|on|off|enabled?|disabled?|required|optional|\d+|<[^>]*>|\{\{.*\}\}"
    r"|\$\{.*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\(.*\))$")
_NAME_PATH = re.compile(r"^[a-z0-9_.+=@-]+(/[a-z0-9_.+=@-]+)+/?$")
_POINTER_VALUE = re.compile(
    r"(?i)^(arn:aws[a-z-]*:|/|ssm:|secretsmanager:|vault:|https?://|s3://|file://|\{\{resolve:)")


def known_secret_value(value: str) -> str | None:
    """What kind of credential a string is, by its shape alone."""
    label = shape_of(value, _SHAPES)
    if label in ("AWS access key id", "private key"):
        return with_article(label)
    return "an API token" if label else None


def literal_secret(name: str, value: Any) -> str | None:
    """Why a (name, literal value) pair holds a hard-coded credential, or None.
    References, unknown values, placeholders and pointers (ARNs, paths) never count."""
    if not isinstance(value, str) or isinstance(value, Unknown):
        return None
    shape = known_secret_value(value)
    if shape:
        return shape
    stripped = value.strip()
    if not secret_name(str(name)) or _PLACEHOLDER.match(stripped) or _POINTER_VALUE.match(stripped):
        return None
    if _NAME_PATH.match(stripped):
        return None  # a Secrets Manager / Parameter Store name such as prod/db-credentials
    if "${" in stripped or len(stripped) < 4 or any(c.isspace() for c in stripped):
        return None
    return "a literal secret value"


_ASSIGN = re.compile(
    r"""(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*(?:=|:)[ \t]*"""
    r"""(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s;&|'"]+)""")
_PHP_DEFINE = re.compile(r"""define\(\s*['"](?P<name>\w+)['"]\s*,\s*['"](?P<value>[^'"]*)['"]\s*\)""")
_SQL_PASSWORD = re.compile(r"""IDENTIFIED\s+BY\s+['"](?P<value>[^'"$]{4,})['"]""", re.IGNORECASE)
_CHPASSWD = re.compile(r"""[A-Za-z0-9_.-]+:(?P<value>[^\s'"$:]{4,})['"]?\s*\|\s*(?:sudo\s+)?chpasswd""")
_CLI_PASSWORD = re.compile(r"(?:^|\s)--password(?:=|\s+)(?P<value>['\"]?[^\s'\"$-][^\s'\"]{3,})")
_MYSQL_PASSWORD = re.compile(r"(?:^|\s)-p(?P<value>['\"]?[^\s'\"$-][^\s'\"]{3,})")


def _masked(template: str) -> str:
    """The literal parts of a template: interpolations and directives become blanks."""
    out, depth, i = [], 0, 0
    while i < len(template):
        if template.startswith(("${", "%{"), i) and (i == 0 or template[i - 1] != "$"):
            depth += 1
            i += 2
            continue
        ch = template[i]
        if depth:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            out.append("\n" if ch == "\n" else " ")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def script_secrets(script: str) -> list[str]:
    """Credentials written literally in a script (user data, a shell command): AWS keys,
    private keys, tokens, `PASSWORD=...` / `password: ...` / PHP `define()` of literal
    values, passwords on mysql/chpasswd/SQL command lines. Values taken from variables,
    command output or templates are not secrets of the script."""
    found: list[str] = []
    literal = _masked(script)
    shape = known_secret_value(literal)
    if shape:
        found.append(shape)
    for line in literal.splitlines():
        stripped = line.strip()
        if stripped.startswith(("#", "//", "REM ")) and not stripped.startswith("#!"):
            continue
        for m in list(_ASSIGN.finditer(line)) + list(_PHP_DEFINE.finditer(line)):
            name = m.group("name")
            if _literal_script_value(name, m.group("value")):
                found.append(f"a literal {name} assignment")
                break
        if _CLI_PASSWORD.search(line) or _CHPASSWD.search(line) or _SQL_PASSWORD.search(line) or (
                re.search(r"\b(mysql|mariadb|mysqldump|mysqladmin)\b", line)
                and _MYSQL_PASSWORD.search(line)):
            found.append("a password on a command line")
    return list(dict.fromkeys(found))


def _literal_script_value(name: str, value: str) -> bool:
    raw = value.strip("'\"").strip()
    if not secret_name(name) or _PLACEHOLDER.match(raw) or _POINTER_VALUE.match(raw):
        return False
    return not (raw.startswith(("$", "`", "%", "<")) or len(raw) < 4 or raw.endswith("_here"))


def decode_base64(value: str) -> str | None:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def template_text(value: Any, raw: Any = None) -> str | None:
    """The literal text of a string, or of a string template whose value is unknown
    (`raw`, the source as written; its interpolations are masked later). A template
    passed through base64encode() is read too; other references and function calls
    give None."""
    if not isinstance(value, Unknown):
        return value if isinstance(value, str) else None
    source = str(raw) if isinstance(raw, str) else None
    if source is None:
        return None
    source = source.strip()
    if source.startswith("${") and closing_brace(source, 1) == len(source) - 1:
        inner = source[2:-1].strip()
        for wrapper in ("base64encode(", "base64gzip("):
            if inner.startswith(wrapper) and inner.endswith(")"):
                body = inner[len(wrapper):-1].strip()
                if body.startswith('"') and body.endswith('"'):
                    body = body[1:-1]
                elif "(" in body.split("\n", 1)[0][:40] and not body.startswith("#!"):
                    return None  # another function call: nothing literal to read
                return body.replace('\\"', '"')
        return None
    return source.replace('\\"', '"')


_FILE_CALL = re.compile(r'^\$\{\s*(file|filebase64)\(\s*"(?P<path>[^"]+)"\s*\)\s*\}$')
MAX_SCRIPT_BYTES = 256 * 1024


def module_file_text(raw: Any, tf_path: str) -> str | None:
    """The text of `file("...")` / `filebase64("...")` when the evaluator could not read
    it: a path relative to the module folder (`${path.module}/x.sh` or `x.sh`), inside
    that folder, a regular file of reasonable size. Anything else is not read."""
    from pathlib import Path

    if not isinstance(raw, str):
        return None
    m = _FILE_CALL.match(raw.strip())
    if not m:
        return None
    rel = m.group("path").replace("${path.module}/", "", 1)
    if "${" in rel or rel.startswith("/"):
        return None
    base = Path(tf_path).resolve().parent
    target = (base / rel)
    try:
        resolved = target.resolve()
        if target.is_symlink() or not resolved.is_file() or base not in resolved.parents:
            return None
        if resolved.stat().st_size > MAX_SCRIPT_BYTES:
            return None
        return resolved.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def located(node: Any) -> bool:
    return isinstance(node, (Map, Seq)) and getattr(node, "span", None) is not None


# --- common check shapes ------------------------------------------------------------------


def container_definitions(node: Any, raw_block: Any = None) -> tuple[Any, list[dict]]:
    """The containers of an ECS task definition (the decoded document and its containers)."""
    if not isinstance(node, dict) or "container_definitions" not in node:
        return None, []
    raw = raw_block.get("container_definitions") if isinstance(raw_block, dict) else None
    doc = document(node["container_definitions"], raw=raw)
    if isinstance(doc, dict):
        doc = [doc]
    if isinstance(doc, Unknown):
        return doc, []
    if not isinstance(doc, list):
        return None, []
    return doc, [c for c in doc if isinstance(c, dict)]


def task_containers(subject: Any) -> tuple[Hit | None, list[tuple[int, dict, Any]]]:
    """The containers of an ECS task definition subject: an unknown hit when its
    container_definitions cannot be read, and (index, container, label) for each one,
    the label being how messages name it (its quoted name, else its position)."""
    doc, found = container_definitions(subject.node, subject.context.get("block"))
    unknown = unknown_hit(subject.node, "container_definitions", "container_definitions") \
        if isinstance(doc, Unknown) else None
    out = []
    for index, container in enumerate(found):
        name = container.get("name", f"#{index + 1}")
        out.append((index, container, repr(name) if isinstance(name, str) else name))
    return unknown, out


def container_hit(node: Any, container: Any, key: str, attr: str, values: dict) -> Any:
    """Point at the entry inside a located (decoded) container, else at the attribute."""
    from linter.model import Hit

    if located(container) and key in getattr(container, "key_spans", {}):
        return Hit(container, key, attr=attr, values=values)
    return Hit(node, "container_definitions", attr=attr, values=values)

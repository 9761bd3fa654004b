"""Reading Terraform values the way AWS checks need them.

Shared by the Python checks of the AWS pack. Checks load it by file path (rule checks are
imported from their file, not as a package), see `_values()` at the top of each check.
Every reader answers True/False for what is known and None for what is not: a value from
an unset variable must never be taken as passing or failing.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from typing import Any

from linter.model import Map, Seq, Unknown
from linter.terraform.rulekit import as_list, blocks, is_dynamic, unknown_hit
from linter.terraform.rulekit import is_unknown as is_unknown  # noqa: F401  (for the checks)
from linter.terraform.rulekit import require_block_flag as require_block_flag  # noqa: F401
from linter.terraform.rulekit import truth as truth  # noqa: F401  (for the checks)

# --- JSON documents -----------------------------------------------------------------------


def document(value: Any, module: Any = None, raw: Any = None) -> Any:
    """A JSON document written as a heredoc, a string, jsonencode(...) (already a
    structure, or partly known: from the source as written (`raw`), its literal parts are
    read and references stay unknown), a data "aws_iam_policy_document" (through the module
    view): the structure, `Unknown`, or None when not JSON."""
    if isinstance(value, (dict, list)):
        return value
    decoded = getattr(value, "value", None)  # jsonencode() of a known structure
    if isinstance(value, str) and isinstance(decoded, (dict, list)):
        return decoded
    if isinstance(value, Unknown):
        address = getattr(value, "address", "") or ""
        if address.startswith("data.aws_iam_policy_document.") and module is not None:
            data = module.lookup(address)
            if data is not None:
                return policy_from_data_source(data.node, module)
        partial = partial_jsonencode(raw) if isinstance(raw, str) else None
        return partial if partial is not None else value
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return None


def partial_jsonencode(source: str) -> Any:
    """The structure inside `jsonencode({...})` as written, when its value is unknown
    because some leaves are references: literal leaves are kept, the others are `Unknown`."""
    from linter.terraform import expr

    text = source.strip()
    if text.startswith("${") and _closing(text, 1) == len(text) - 1:
        text = text[2:-1].strip()
    if not text.startswith("jsonencode("):
        return None
    try:
        node = expr.parse(text)
    except Exception:  # whatever the grammar does not cover is simply not read
        return None
    if node[0] != "call" or node[1] != "jsonencode" or len(node[2]) != 1:
        return None
    return _literal_tree(node[2][0])


def partial_object(source: str) -> dict:
    """The literal entries of an object written as `{...}` or `merge(x, {...}, ...)`
    whose value is unknown (some other argument or entry is a reference)."""
    from linter.terraform import expr

    text = source.strip()
    if text.startswith("${") and _closing(text, 1) == len(text) - 1:
        text = text[2:-1].strip()
    try:
        node = expr.parse(text)
    except Exception:  # whatever the grammar does not cover is simply not read
        return {}
    parts = [node] if node[0] == "object" else (
        list(node[2]) if node[0] == "call" and node[1] == "merge" else [])
    out: dict = {}
    for part in parts:
        if part[0] == "object":
            out.update(_literal_tree(part))
    return out


def _literal_tree(node: tuple) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "tuple":
        return [_literal_tree(item) for item in node[1]]
    if kind == "object":
        out: dict = {}
        for key, value in node[1]:
            if key[0] == "lit" and isinstance(key[1], str):
                out[key[1]] = _literal_tree(value)
            elif key[0] == "name":
                out[key[1]] = _literal_tree(value)
            else:
                out[f"<unknown key {len(out)}>"] = Unknown("computed key", "key not known statically")
        return out
    if kind == "tmpl" and all(isinstance(p, str) for p in node[1]):
        return "".join(node[1])
    return Unknown(kind, "reference or expression inside jsonencode()")


def policy_from_data_source(node: Any, module: Any = None, depth: int = 0) -> dict:
    """A data "aws_iam_policy_document" as the JSON policy it renders (statements,
    principals, conditions, and the statements of its source/override documents);
    values that are not known stay `Unknown`."""
    out: list[dict] = []
    for key in ("source_policy_documents", "override_policy_documents"):
        for ref in as_list(node.get(key)) if isinstance(node, dict) and depth < 5 else []:
            address = getattr(ref, "address", "") or ""
            if address.startswith("data.aws_iam_policy_document.") and module is not None:
                other = module.lookup(address)
                if other is not None:
                    out.extend(statements(policy_from_data_source(other.node, module, depth + 1)))
                    continue
            doc = document(ref)
            out.extend(statements(doc) if isinstance(doc, dict) else [])
    for stmt in blocks(node, "statement"):
        if is_dynamic(stmt):
            continue
        rendered: dict[str, Any] = {"Effect": stmt.get("effect", "Allow")}
        if stmt.get("sid") is not None:
            rendered["Sid"] = stmt["sid"]
        if stmt.get("actions") is not None:
            rendered["Action"] = stmt["actions"]
        principals: dict[str, list] = {}
        for p in blocks(stmt, "principals"):
            kind = p.get("type")
            if not isinstance(kind, str):
                principals.setdefault("?", []).append(Unknown(str(kind), "principal type"))
                continue
            ids = p.get("identifiers")
            principals.setdefault(kind, []).extend(ids if isinstance(ids, list) else [ids])
        if principals:
            if list(principals) == ["*"]:
                rendered["Principal"] = "*"
            else:
                rendered["Principal"] = principals
        conditions = blocks(stmt, "condition")
        if conditions:
            rendered["Condition"] = {str(i): c for i, c in enumerate(conditions)}
        out.append(rendered)
    return {"Statement": out}


def statements(policy: Any) -> list[dict]:
    if not isinstance(policy, dict):
        return []
    return [s for s in as_list(policy.get("Statement")) if isinstance(s, dict)]


def _principal_is_everyone(principal: Any) -> bool | None:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        aws = principal.get("AWS")
        if aws is None:
            return False
        values = as_list(aws)
        if any(v == "*" for v in values):
            return True
        if any(isinstance(v, Unknown) for v in values):
            return None
        return False
    if isinstance(principal, Unknown):
        return None
    return False


def public_statements(policy: Any) -> Iterator[tuple[int, dict]]:
    """Allow statements granting access to every principal without any condition."""
    for index, stmt in enumerate(statements(policy)):
        if str(stmt.get("Effect", "")).lower() != "allow":
            continue
        if _principal_is_everyone(stmt.get("Principal")) is not True:
            continue
        if _restricts(stmt.get("Condition")):
            continue
        yield index, stmt


_NOT_RESTRICTING = {"aws:securetransport"}


def _restricts(condition: Any) -> bool:
    """Whether a Condition narrows who may use the statement. Only a transport
    requirement (aws:SecureTransport) does not; anything unknown is taken to narrow."""
    if not condition:
        return False
    if not isinstance(condition, dict):
        return True
    for test in condition.values():
        if isinstance(test, dict) and "variable" in test:  # a data source condition block
            keys = [test.get("variable")]
        elif isinstance(test, dict):
            keys = list(test.keys())
        else:
            return True
        if any(not isinstance(k, str) or k.lower() not in _NOT_RESTRICTING for k in keys):
            return True
    return False


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


AWS_KEY_ID = re.compile(r"(?<![A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])")
PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----")
TOKEN_VALUE = re.compile(
    r"(ghp_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{40,}|xox[abpr]-[0-9A-Za-z-]{10,}"
    r"|glpat-[0-9A-Za-z_-]{20}|sk_live_[0-9A-Za-z]{20,})")
_PLACEHOLDER = re.compile(
    r"(?i)^(|\*+|x+|none|null|nil|n/?a|todo|tbd|changeme|change_me|placeholder|dummy|empty"
    r"|true|false|yes|no|on|off|enabled?|disabled?|required|optional|\d+|<[^>]*>|\{\{.*\}\}"
    r"|\$\{.*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\(.*\))$")
_NAME_PATH = re.compile(r"^[a-z0-9_.+=@-]+(/[a-z0-9_.+=@-]+)+/?$")
_POINTER_VALUE = re.compile(
    r"(?i)^(arn:aws[a-z-]*:|/|ssm:|secretsmanager:|vault:|https?://|s3://|file://|\{\{resolve:)")


def known_secret_value(value: str) -> str | None:
    """What kind of credential a string is, by its shape alone."""
    if AWS_KEY_ID.search(value):
        return "an AWS access key id"
    if PRIVATE_KEY.search(value):
        return "a private key"
    if TOKEN_VALUE.search(value):
        return "an API token"
    return None


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
    if source.startswith("${") and _closing(source, 1) == len(source) - 1:
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


def _closing(text: str, start: int) -> int:
    """Index of the brace closing the one at `start` (-1 if none)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def located(node: Any) -> bool:
    return isinstance(node, (Map, Seq)) and getattr(node, "span", None) is not None


# --- common check shapes ------------------------------------------------------------------


def public_policy_hits(node: Any, attr: str, module: Any = None,
                       raw_block: Any = None) -> Iterator[Any]:
    """A hit on the policy attribute when one of its statements allows everyone ("*")
    without a condition. Policies written as heredoc JSON, jsonencode() or a decoded
    structure are read; unknown ones decide nothing."""
    from linter.model import Hit

    if not isinstance(node, dict) or attr not in node:
        return
    raw = raw_block.get(attr) if isinstance(raw_block, dict) else None
    policy = document(node[attr], module, raw)
    if isinstance(policy, Unknown):
        yield unknown_hit(node, attr, attr)
        return
    if policy is None:
        return
    for index, stmt in public_statements(policy):
        actions = ", ".join(str(a) for a in as_list(stmt.get("Action"))) or "all actions"
        sid = stmt.get("Sid")
        label = f"statement {sid!r}" if sid else f"statement {index + 1}"
        yield Hit(node, attr, attr=f"{attr}.Statement[{index}]",
                  values={"statement": label, "actions": actions})


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


def container_hit(node: Any, container: Any, key: str, attr: str, values: dict) -> Any:
    """Point at the entry inside a located (decoded) container, else at the attribute."""
    from linter.model import Hit

    if located(container) and key in getattr(container, "key_spans", {}):
        return Hit(container, key, attr=attr, values=values)
    return Hit(node, "container_definitions", attr=attr, values=values)

"""Known token shapes and literal login passwords in script lines."""

import re

from linter.kinds.gitlab_ci.checks import hit_line, lines, once
from linter.kinds.gitlab_ci.secrets import literal_credential, token_shape

VALUE = r"(?P<value>[^\s$\"'`-][^\s\"'`]*|\"[^\"$`]+\"|'[^'$]+')(?=\s|$)"
LOGIN_PASSWORD = [
    re.compile(r"\b(?:docker|podman|buildah|nerdctl|skopeo|crane|oras|regctl|helm\s+registry)"
               r"\s+(?:\S+\s+)*?login\b[^|;&]*?\s(?:-p|--password)(?:=|\s+)" + VALUE),
    re.compile(r"\b(?:twine|sshpass|curl)\b[^|;&]*?\s(?:-p|--password)(?:=|\s+)" + VALUE),
    re.compile(r"\bcurl\b[^|;&]*?\s(?:-u|--user)(?:=|\s+)[\"']?[^\s:$\"']+:(?P<value>[^\s$\"'@]{3,})"),
    re.compile(r"\bmysql(?:dump|admin)?\b[^|;&]*?\s-p(?P<value>[^\s$\"'`-][^\s\"'`]*)"),
    # `echo "pa55" | docker login --password-stdin`: piping a literal is writing it down
    re.compile(r"\b(?:echo|printf)\s+(?:-\w+\s+)?(?P<value>\"[^\"$`]{6,}\"|'[^'$]{6,}'|[^\s$\"'`|-][^\s$|]{5,})"
               r"\s*\|\s*(?:sudo\s+)?(?:docker|podman|buildah|nerdctl|skopeo|crane|oras|regctl|helm|"
               r"cosign|npm|gh|glab)\b[^|;&]*\blogin\b[^|;&]*--password-stdin"),
]
# HTTP credentials written into a header (a placeholder such as YOUR_TOKEN has no digit)
HEADER = [
    re.compile(r"(?:Authorization:\s*(?:Bearer|Basic|Token|token)|PRIVATE-TOKEN:|DEPLOY-TOKEN:|"
               r"X-API-Key:|X-Auth-Token:|X-Vault-Token:)\s*(?=[A-Za-z0-9+/=._~-]*\d)(?P<value>[A-Za-z0-9+/=._~-]{16,})(?=[\s\"']|$)",
               re.IGNORECASE),
]


ASSIGN = re.compile(r"(?:^|[\s;&|(])(?:export\s+|declare\s+(?:-x\s+)?|local\s+)?"
                    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>\"[^\"]*\"|'[^']*'|[^\s;&|]+)")


def _assigned_secret(text):
    """`export API_TOKEN=3f9a...`: a secret-named shell variable given a literal."""
    for m in ASSIGN.finditer(text):
        value = m.group("value")
        quoted = value[:1] in ("'", '"')
        literal = value[1:-1] if quoted else value
        if value.startswith("'") and "$" in literal:
            literal = literal.replace("$", "")  # single quotes: `$` is literal text
        if literal_credential(m.group("name"), literal):
            return f"literal {m.group('name')}"
    return None


def check(subject, params):
    for line in lines(subject, "GLC004"):
        text = line.text
        if text.lstrip().startswith("#"):
            continue
        what = token_shape(text)
        if what is None:
            for pattern in LOGIN_PASSWORD:
                m = pattern.search(text)
                if m and m.group("value").strip("'\"") not in ("-", "stdin"):
                    what = "login password"
                    break
        if what is None and any(p.search(text) for p in HEADER):
            what = "credential in an HTTP header"
        if what is None:
            what = _assigned_secret(text)
        if what is None:
            continue
        hit = hit_line(line, what=what)
        if once(subject, "GLC004", hit):
            yield hit

"""Known token shapes and literal login passwords in script lines."""

import re

from linter.kinds.glc_checks import hit_line, lines, once
from linter.kinds.glc_secrets import token_shape

VALUE = r"(?P<value>[^\s$\"'`-][^\s\"'`]*|\"[^\"$`]+\"|'[^'$]+')(?=\s|$)"
LOGIN_PASSWORD = [
    re.compile(r"\b(?:docker|podman|buildah|nerdctl|skopeo|crane|oras|regctl|helm\s+registry)"
               r"\s+(?:\S+\s+)*?login\b[^|;&]*?\s(?:-p|--password)(?:=|\s+)" + VALUE),
    re.compile(r"\b(?:twine|sshpass|curl)\b[^|;&]*?\s(?:-p|--password)(?:=|\s+)" + VALUE),
    re.compile(r"\bcurl\b[^|;&]*?\s(?:-u|--user)(?:=|\s+)[\"']?[^\s:$\"']+:(?P<value>[^\s$\"'@]{3,})"),
    re.compile(r"\bmysql(?:dump|admin)?\b[^|;&]*?\s-p(?P<value>[^\s$\"'`-][^\s\"'`]*)"),
]


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
        if what is None:
            continue
        hit = hit_line(line, what=what)
        if once(subject, "GLC004", hit):
            yield hit

"""Commands in scripts that switch certificate verification off."""

import re

from linter.kinds.gitlab_ci.checks import hit_line, lines, once

CURL_FLAGS = re.compile(r"^-[a-zA-Z]*k[a-zA-Z]*$")
CURL_ARG_FLAGS = set("ABbcCDdEeFHhKmoPQrTtUuwXxYyz")
PATTERNS = [
    (re.compile(r"\bwget\b[^|;&]*\s--no-check-certificate\b"), "runs wget with --no-check-certificate"),
    (re.compile(r"\bgit\b[^|;&]*\s-c\s+http\.sslverify=(?:false|0|no)\b", re.IGNORECASE),
     "runs git with http.sslVerify=false"),
    (re.compile(r"\bgit\s+config\b[^|;&]*\shttp\.sslverify\s+[\"']?(?:false|0|no)\b", re.IGNORECASE),
     "turns off git's certificate check (http.sslVerify false)"),
    (re.compile(r"\bpip[0-9.]*\b[^|;&]*\s--trusted-host\b"), "runs pip with --trusted-host"),
    (re.compile(r"\b(?:npm|yarn|pnpm)\s+config\s+set\s+strict-ssl\s+false\b"), "sets npm strict-ssl false"),
    (re.compile(r"\s--insecure-skip-tls-verify(?:=true)?(?:\s|$)"), "passes --insecure-skip-tls-verify"),
    (re.compile(r"\b(?:export\s+)?(?:GIT_SSL_NO_VERIFY=(?:[\"']?(?:1|true)[\"']?)|NODE_TLS_REJECT_UNAUTHORIZED=[\"']?0)"),
     "exports a variable that turns certificate checks off"),
    (re.compile(r"\bStrictHostKeyChecking=no\b|\bUserKnownHostsFile=/dev/null\b"),
     "turns off SSH host key checking"),
    (re.compile(r"\b(?:docker|podman|skopeo|crane|helm)\b[^|;&]*\s--(?:insecure|tls-verify=false|"
                r"src-tls-verify=false|dest-tls-verify=false)\b"), "runs a registry client without TLS verification"),
    (re.compile(r"\b(?:apt(?:-get)?\b[^|;&]*\s--allow-unauthenticated|apk\b[^|;&]*\s--allow-untrusted|"
                r"(?:yum|dnf|microdnf|tdnf)\b[^|;&]*\s--nogpgcheck|rpm\b[^|;&]*\s--nosignature|"
                r"zypper\b[^|;&]*\s--no-gpg-checks)\b"), "installs packages without checking their signatures"),
    (re.compile(r"\b(?:pip[0-9.]*|poetry|uv|npm|yarn|pnpm|gem)\b[^|;&]*\s(?:-i|--index-url|--extra-index-url|"
                r"--registry|--source)(?:=|\s+)[\"']?http://(?!localhost|127\.0\.0\.1)"),
     "installs packages from a plain-HTTP index"),
]


def _curl_insecure(text):
    words = text.split()
    for i, word in enumerate(words):
        if re.search(r"(?:^|/)curl$", word):
            skip = False
            for arg in words[i + 1:]:
                if arg in ("|", "&&", "||", ";") or arg.endswith(";"):
                    break
                if skip:
                    skip = False
                    continue
                if arg == "--insecure" or CURL_FLAGS.match(arg):
                    return True
                if re.match(r"^-[a-zA-Z]+$", arg) and arg[-1] in CURL_ARG_FLAGS:
                    skip = True
    return False


def check(subject, params):
    for line in lines(subject, "GLC016"):
        text = line.text
        if text.lstrip().startswith("#"):
            continue
        what = "runs curl with -k/--insecure" if _curl_insecure(text) else None
        if what is None:
            what = next((label for pattern, label in PATTERNS if pattern.search(text)), None)
        if what is None:
            continue
        hit = hit_line(line, what=what)
        if once(subject, "GLC016", hit):
            yield hit

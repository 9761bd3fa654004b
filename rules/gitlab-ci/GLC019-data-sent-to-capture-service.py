"""HTTP clients in scripts that talk to public request-capture or tunnelling hosts."""

import re

from linter.kinds.gitlab_ci.checks import hit_line, lines, once

CAPTURE_HOSTS = re.compile(
    r"\b((?:[\w-]+\.)*(?:webhook\.site|requestbin\.(?:com|net|io)|pipedream\.net|m\.pipedream\.net|"
    r"ngrok(?:-free)?\.(?:io|app|dev)|burpcollaborator\.net|oastify\.com|interact\.sh|"
    r"oast\.(?:pro|live|site|online|fun|me)|requestcatcher\.com|hookbin\.com|beeceptor\.com|"
    r"postb\.in|canarytokens\.com|dnslog\.cn|ceye\.io|trycloudflare\.com))\b", re.IGNORECASE)
CLIENT = re.compile(r"\b(?:curl|wget|http|Invoke-WebRequest|Invoke-RestMethod|iwr|irm|nc|"
                    r"ncat|python[0-9.]*|node|nslookup|dig)\b")
VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def check(subject, params):
    for line in lines(subject, "GLC019"):
        host = CAPTURE_HOSTS.search(line.text)
        if host is None or CLIENT.search(line.text) is None:
            continue
        names = [m.group(1) for m in VARIABLE.finditer(line.text)]
        what = ("$" + ", $".join(dict.fromkeys(names))) if names else "data"
        hit = hit_line(line, host=host.group(1), what=what)
        if once(subject, "GLC019", hit):
            yield hit

"""Known token formats anywhere in a workflow, and literal values of credential-named keys
(env, with, secrets passed to reusable workflows) that look like real secrets."""

import math
import re
from collections import Counter

from linter.kinds.github_actions.model import file_strings
from linter.kinds.github_actions.scripts import pattern_spans
from linter.model import Hit

TOKENS = [
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b")),
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Slack token", re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}\b")),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("a PyPI token", re.compile(r"\bpypi-AgE[A-Za-z0-9_\-]{50,}")),
    ("a Stripe live key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}\b")),
]
_ANY = re.compile("|".join(f"(?:{p.pattern})" for _, p in TOKENS))
_KEY = re.compile(r"(?:^|[_-])(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|"
                  r"access[_-]?key)$", re.IGNORECASE)
_SAFE_KEYS = re.compile(r"(?:^|[_-])(?:name|file|path|url|env|var|id|user|username|length|"
                        r"type|header|prefix)$", re.IGNORECASE)


def _entropy(text):
    counts = Counter(text)
    return -sum(c / len(text) * math.log2(c / len(text)) for c in counts.values())


def _looks_secret(value):
    """A literal that is plausibly a credential: long, no spaces, mixed characters."""
    v = value.strip()
    if len(v) < 12 or " " in v or "${{" in v or "$" in v or "/" in v[:1]:
        return False
    classes = sum(bool(re.search(p, v)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]"))
    return classes >= 2 and _entropy(v) >= 3.0


def check(subject, params):
    source = subject.context.get("source")
    for container, key, path in file_strings(subject.context, subject.node):
        value = container[key]
        if len(value) < 12:
            continue
        for what, pattern in TOKENS if _ANY.search(value) else ():
            if pattern.search(value):
                spans = pattern_spans(source, container, key, pattern)
                yield Hit(container, key, attr=f"{path}[{what}]",
                          span=spans[0][1] if spans else None,
                          values={"what": what, "where": path})
                break
        else:
            if isinstance(key, str) and _KEY.search(key) and not _SAFE_KEYS.search(key) \
                    and _looks_secret(value):
                yield Hit(container, key, attr=f"{path}[literal]", confidence="medium",
                          values={"what": f"a literal value for '{key}'", "where": path})

"""Known token formats anywhere in a workflow, and literal values of credential-named keys
(env, with, secrets passed to reusable workflows) that look like real secrets."""

import math
import re
from collections import Counter

from linter.kinds._credentials import SHAPES, shape_of, with_article
from linter.kinds.github_actions.model import file_strings
from linter.kinds.github_actions.scripts import pattern_spans
from linter.model import Hit

# The token formats this check looks for (labels of linter.kinds._credentials.SHAPES).
TOKENS = ("GitHub token", "AWS access key id", "Slack token", "private key", "Google API key",
          "npm token", "PyPI token", "Stripe live key")
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
        label = shape_of(value, TOKENS)
        if label is not None:
            what = with_article(label)
            spans = pattern_spans(source, container, key, SHAPES[label])
            yield Hit(container, key, attr=f"{path}[{what}]",
                      span=spans[0][1] if spans else None,
                      values={"what": what, "where": path})
        else:
            if isinstance(key, str) and _KEY.search(key) and not _SAFE_KEYS.search(key) \
                    and _looks_secret(value):
                yield Hit(container, key, attr=f"{path}[literal]", confidence="medium",
                          values={"what": f"a literal value for '{key}'", "where": path})

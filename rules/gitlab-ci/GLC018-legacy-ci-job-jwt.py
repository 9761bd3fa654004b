"""Scripts and variables that expand the legacy CI_JOB_JWT* tokens."""

import re

from linter.kinds.gitlab_ci.checks import hit_line, lines, once, quote_state, subject_variables
from linter.model import Hit

JWT = re.compile(r"\$\{?(CI_JOB_JWT(?:_V1|_V2)?)\b")


def check(subject, params):
    for var in subject_variables(subject):
        m = JWT.search(str(var.value)) if isinstance(var.value, str) else None
        if m:
            hit = Hit(var.node, var.key, attr=var.attr, values={"name": m.group(1)})
            if once(subject, "GLC018", hit):
                yield hit
    for line in lines(subject, "GLC018"):
        for m in JWT.finditer(line.text):
            if quote_state(line.text, m.start()) == "comment":
                continue
            hit = hit_line(line, name=m.group(1))
            if once(subject, "GLC018", hit):
                yield hit
            break

"""`if:` comparing github.actor / github.triggering_actor to a bot login on privileged triggers."""

import re

from linter.kinds.gha_model import PRIVILEGED_TRIGGERS
from linter.model import Hit

_BOT = re.compile(r"github\.(?:triggering_)?actor\s*==\s*'[^']*\[bot\]'"
                  r"|'[^']*\[bot\]'\s*==\s*github\.(?:triggering_)?actor", re.IGNORECASE)


def check(subject, params):
    trig = sorted(PRIVILEGED_TRIGGERS & set(subject.context.get("triggers", {})))
    if not trig:
        return
    cond = subject.node.get("if")
    if not isinstance(cond, str):
        return
    m = _BOT.search(cond)
    if m:
        yield Hit(subject.node, "if", attr="if",
                  values={"value": m.group(0), "trigger": ", ".join(trig)})

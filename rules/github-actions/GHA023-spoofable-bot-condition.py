"""`if:` comparing github.actor / github.triggering_actor to a bot login on privileged triggers."""

import re

from linter.kinds.github_actions.model import PRIVILEGED_TRIGGERS
from linter.model import Hit

_INDEX = re.compile(r"github\s*\[\s*'([A-Za-z_]+)'\s*\]")
# github.event.sender is the account that caused the event, like github.actor.
_ACTOR = r"github\.(?:(?:triggering_)?actor|event\.sender\.login)"
_ACTOR_ID = r"github\.(?:(?:triggering_)?actor_id|event\.sender\.id)"
# Account ids of dependabot[bot], renovate[bot] and github-actions[bot].
_BOT_IDS = r"'?(?:49699333|29139614|41898282)'?"
_BOT = re.compile(rf"{_ACTOR}\s*==\s*'[^']*\[bot\]'|'[^']*\[bot\]'\s*==\s*{_ACTOR}\b"
                  rf"|{_ACTOR_ID}\s*==\s*{_BOT_IDS}|{_BOT_IDS}\s*==\s*{_ACTOR_ID}\b",
                  re.IGNORECASE)


def check(subject, params):
    # a reusable workflow inherits its caller's trigger, which may be privileged
    trig = sorted((PRIVILEGED_TRIGGERS | {"workflow_call"}) & set(subject.context.get("triggers", {})))
    if not trig:
        return
    cond = subject.node.get("if")
    if not isinstance(cond, str):
        return
    m = _BOT.search(_INDEX.sub(lambda x: "github." + x.group(1).lower(), cond))
    if m:
        yield Hit(subject.node, "if", attr="if",
                  values={"value": m.group(0), "trigger": ", ".join(trig)})

"""ACTIONS_ALLOW_UNSECURE_COMMANDS set to a true value in any env block."""

from linter.kinds.gha_model import mapping
from linter.model import Hit

NAME = "ACTIONS_ALLOW_UNSECURE_COMMANDS"


def check(subject, params):
    node = subject.node
    envs = [mapping(node.get("env"))]
    if subject.level == "workflow" and subject.type == "action":
        return
    if subject.level == "step":
        envs.append(mapping(mapping(node.get("with")).get("env")))
    for env in envs:
        for key, value in env.items():
            if str(key).upper() != NAME:
                continue
            if value is False or str(value).strip().lower() in ("false", "0", ""):
                continue
            yield Hit(env, key, attr=f"env.{key}", values={"value": value})

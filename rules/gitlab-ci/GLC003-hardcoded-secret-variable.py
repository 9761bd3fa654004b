"""Literal credentials in `variables` (global, job, rules, image and service forms)."""

from linter.kinds.gitlab_ci.checks import once, subject_variables
from linter.kinds.gitlab_ci.secrets import literal_credential, token_shape
from linter.model import Hit


def check(subject, params):
    for var in subject_variables(subject):
        value = var.value
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            continue
        if isinstance(value, str) and isinstance(var.node, dict) and var.node.get("expand") is False:
            value = value.replace("$", "")  # `expand: false`: a `$` is a literal character
        shape = token_shape(str(value))
        if shape is not None:
            what = shape
        elif literal_credential(var.name, value, service=".services[" in f".{var.attr}"):
            what = "value"
        else:
            continue
        hit = Hit(var.node, var.key, attr=var.attr, values={"name": var.name, "what": what})
        if once(subject, "GLC003", hit):
            yield hit

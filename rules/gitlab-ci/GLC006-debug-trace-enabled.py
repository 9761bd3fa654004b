"""Debug trace switches set to a true value in any variables block."""

from linter.kinds.gitlab_ci.checks import once, subject_variables, truthy
from linter.model import Hit

NAMES = {"CI_DEBUG_TRACE", "CI_DEBUG_SERVICES"}


def check(subject, params):
    for var in subject_variables(subject):
        if var.name.upper() in NAMES and isinstance(var.value, str) and "$" in var.value:
            yield Hit(var.node, var.key, attr=var.attr, unknown=True, values={"value": var.value})
        elif var.name.upper() in NAMES and truthy(var.value):
            hit = Hit(var.node, var.key, attr=var.attr,
                      values={"name": var.name, "value": str(var.value).lower()})
            if once(subject, "GLC006", hit):
                yield hit

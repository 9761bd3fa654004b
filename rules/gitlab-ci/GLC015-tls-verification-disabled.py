"""Well-known environment switches that disable certificate checks."""

from linter.kinds.gitlab_ci.checks import once, subject_variables, truthy
from linter.model import Hit

# name -> (tool, predicate on the value that means "verification off")
SWITCHES = {
    "GIT_SSL_NO_VERIFY": ("git", truthy),
    "NODE_TLS_REJECT_UNAUTHORIZED": ("Node.js", lambda v: str(v).strip() == "0"),
    "PYTHONHTTPSVERIFY": ("Python", lambda v: str(v).strip() == "0"),
    "NPM_CONFIG_STRICT_SSL": ("npm", lambda v: str(v).strip().lower() in ("false", "0")),
    "YARN_STRICT_SSL": ("yarn", lambda v: str(v).strip().lower() in ("false", "0")),
    "CURL_INSECURE": ("curl", truthy),
    "GOINSECURE": ("Go", lambda v: bool(str(v).strip())),
    "GONOSUMDB": ("Go", lambda v: str(v).strip() in ("*",)),
    "HELM_INSECURE_SKIP_TLS_VERIFY": ("helm", truthy),
    "PIP_TRUSTED_HOST": ("pip", lambda v: bool(str(v).strip())),
    "GOFLAGS": ("Go", lambda v: "-insecure" in str(v).split()),
    "ANSIBLE_HOST_KEY_CHECKING": ("Ansible", lambda v: str(v).strip().lower() in ("false", "0", "no")),
}


def check(subject, params):
    for var in subject_variables(subject):
        switch = SWITCHES.get(var.name.upper())
        if switch is None or var.value is None or isinstance(var.value, (dict, list)):
            continue
        tool, disables = switch
        if isinstance(var.value, str) and "$" in var.value:
            continue
        if disables(var.value):
            shown = str(var.value).lower() if isinstance(var.value, bool) else str(var.value)
            hit = Hit(var.node, var.key, attr=var.attr,
                      values={"name": var.name, "value": shown, "tool": tool})
            if once(subject, "GLC015", hit):
                yield hit

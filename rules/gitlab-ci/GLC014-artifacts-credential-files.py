"""Credential files named in `artifacts:paths` (not removed by `artifacts:exclude`)."""

import fnmatch
import re

from linter.kinds.gitlab_ci.checks import once
from linter.model import Hit

CREDENTIAL_FILES = [
    (re.compile(r"(?:^|/)\.env(?:\.[\w.-]+)?$"), "an environment file"),
    (re.compile(r"(?:^|/)id_(?:rsa|dsa|ecdsa|ed25519)(?:_\w+)?$"), "an SSH private key"),
    (re.compile(r"\.(?:pem|key|p12|pfx|jks|keystore|ppk)$", re.IGNORECASE), "a private key or keystore"),
    (re.compile(r"(?:^|/)\.(?:npmrc|pypirc|netrc|git-credentials|pgpass|htpasswd|vault-token)$"), "a credentials file"),
    (re.compile(r"(?:^|/)\.docker(?:/config\.json)?/?$"), "registry credentials"),
    (re.compile(r"(?:^|/)(?:\.kube(?:/config)?|kubeconfig[\w.-]*|[\w.-]+\.kubeconfig)/?$", re.IGNORECASE), "a kubeconfig"),
    (re.compile(r"(?:^|/)secrets?\.(?:json|ya?ml|env|txt|ini|toml)$|(?:^|/)\.?secrets/?$", re.IGNORECASE),
     "a secrets file"),
    # state holds every resource attribute in clear: database passwords, private keys
    (re.compile(r"(?:^|/)(?:[\w*.-]*\.tfstate(?:\.backup)?|\.terraform/terraform\.tfstate)$"),
     "Terraform state"),
    (re.compile(r"(?:^|/)(?:\.aws(?:/credentials)?|\.ssh|\.gnupg|credentials(?:\.json)?|"
                r"service[-_]?account[\w.-]*\.json|gcloud[\w.-]*\.json)/?$", re.IGNORECASE), "cloud credentials"),
]
PUBLIC_SUFFIX = re.compile(r"\.(?:pub|crt|cer)$|[._-](?:example|sample|template|dist|defaults?)\b")
PROJECT_DIR = re.compile(r"^\$\{?CI_PROJECT_DIR\}?/")


def _credential(path):
    text = PROJECT_DIR.sub("", path.strip()).rstrip("/") or path
    if PUBLIC_SUFFIX.search(text) or "$" in text:
        return None
    for pattern, what in CREDENTIAL_FILES:
        if pattern.search(text):
            return what
    return None


def check(subject, params):
    artifacts = subject.node.get("artifacts")
    if not isinstance(artifacts, dict):
        return
    paths = artifacts.get("paths")
    excludes = [e for e in artifacts.get("exclude") or [] if isinstance(e, str)]
    if isinstance(paths, str):
        paths = [paths]
        node, keys = artifacts, ["paths"]
    elif isinstance(paths, list):
        node, keys = paths, list(range(len(paths)))
    else:
        return
    for key, path in zip(keys, paths):
        if not isinstance(path, str):
            continue
        what = _credential(path)
        if what is None or any(fnmatch.fnmatch(path, e) or fnmatch.fnmatch(path.rstrip("/") + "/x", e)
                               for e in excludes):
            continue
        hit = Hit(node, key, attr=f"artifacts.paths[{key}]" if isinstance(key, int) else "artifacts.paths",
                  values={"value": path, "what": what})
        if once(subject, "GLC014", hit):
            yield hit

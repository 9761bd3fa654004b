"""`allow_failure: true` on jobs that are security scans by name, template or image."""

import re

from linter.kinds.glc_checks import images, once, truthy
from linter.kinds.glc_merge import ancestors
from linter.model import Hit

WORDS = {"sast", "dast", "scan", "scans", "scanning", "scanner",
         "gitleaks", "trufflehog", "trivy", "grype", "snyk", "semgrep", "bandit", "gosec",
         "brakeman", "vulnerability", "vulnerabilities", "security", "cve", "cves", "audit",
         "sca", "codeql", "checkov", "tfsec", "kics", "iacgate", "zizmor", "osv", "govulncheck",
         "vuln", "vulns", "depcheck", "retire", "secretscan"}
NOT_SECURITY = {"license", "licence", "build", "accessibility", "a11y", "docs", "link", "links",
                "coverage"}
SCANNER_IMAGE = re.compile(r"security-products|gitleaks|trufflehog|trivy|grype|snyk|semgrep|"
                           r"bandit|gosec|checkov|tfsec|kics|osv-scanner|zizmor", re.IGNORECASE)


def _tokens(name):
    low = name.lower()
    words = {t for t in re.split(r"[^a-z0-9]+", low) if t}
    if re.search(r"dependency[-_ ]?(check|scan)", low):
        words.add("depcheck")
    if words & {"secret", "secrets"} and words & {"detection", "detect", "detector", "scan",
                                                   "leak", "leaks", "check", "checks", "analyzer"}:
        words.add("secretscan")
    return words


def _why(subject):
    names = [subject.resource] + ancestors(subject.resource, subject.context.get("pipeline", {}))
    for name in names:
        tokens = _tokens(str(name))
        if tokens & WORDS and not tokens & NOT_SECURITY:
            return f"named '{name}'"
    for image in images(subject):
        if image.role == "image" and isinstance(image.ref, str) and SCANNER_IMAGE.search(image.ref):
            return f"image '{image.ref}'"
    return None


def check(subject, params):
    job = subject.node
    value = job.get("allow_failure")
    if isinstance(value, dict) or not truthy(value):
        return
    why = _why(subject)
    if why:
        hit = Hit(job, "allow_failure", attr="allow_failure", values={"why": why})
        if once(subject, "GLC013", hit):
            yield hit

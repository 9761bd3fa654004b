"""`allow_failure: true` on jobs that are security scans by name, template or image."""

import re

from linter.kinds.gitlab_ci.checks import images, once, truthy
from linter.kinds.gitlab_ci.merge import ancestors
from linter.model import Hit

# substrings of a job (or template) name that make it a security scan
MARKERS = ("sast", "dast", "scan", "secret", "gitleaks", "trufflehog", "trivy", "grype", "snyk",
           "semgrep", "bandit", "gosec", "brakeman", "vuln", "codeql", "checkov", "tfsec",
           "kics", "zizmor", "iacgate", "osv-", "audit", "dependency-check", "dependency_check",
           "security", "cve", "fuzz", "owasp", "zap-", "zaproxy", "nuclei", "ggshield",
           "gitguardian", "kubesec", "dockle")
# clang's scan-build is a static analyzer for bugs; licence scanning is compliance
NOT_SECURITY = ("scan-build", "scan_build", "scanbuild", "license", "licence")
SCANNER_IMAGE = re.compile(r"security-products|gitleaks|trufflehog|trivy|grype|snyk|semgrep|"
                           r"bandit|gosec|checkov|tfsec|kics|osv-scanner|zizmor|zaproxy|owasp|ggshield|"
                           r"nuclei|dockle|kubesec", re.IGNORECASE)


def _security_name(name):
    low = name.lower()
    return any(m in low for m in MARKERS) and not any(n in low for n in NOT_SECURITY)


def _why(subject):
    names = [subject.resource] + ancestors(subject.resource, subject.context.get("pipeline", {}))
    for name in names:
        if _security_name(str(name)):
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

"""TLS switched off for a docker:dind service, or a client pointed at plain tcp/2375."""

import re

from linter.kinds.gitlab_ci.checks import expand, hit_line, images, lines, once, variable_value
from linter.model import Hit

DIND = re.compile(r"(?:^|/)docker:[^/]*dind|dind", re.IGNORECASE)
PLAIN = re.compile(r"^tcp://[^/\s]+:2375/?$")
EXPORT = re.compile(r"(?:\b(?:export\s+)?DOCKER_HOST=|\bdocker\s+(?:\S+\s+)*?(?:-H|--host)(?:=|\s+))"
                    r"[\"']?(tcp://[^\s\"';]+:2375)\b")


def _dind_services(subject):
    return [i for i in images(subject) if i.role == "service" and isinstance(i.ref, str)
            and DIND.search(expand(i.ref, subject))]


def check(subject, params):
    variables = subject.context.get("variables") or {}
    dind = _dind_services(subject)
    # a service's own `variables:` win over the job's for that service
    inheriting = [s for s in dind if not (isinstance(s.entry, dict) and isinstance(
        s.entry.get("variables"), dict) and "DOCKER_TLS_CERTDIR" in s.entry["variables"])]
    if inheriting and "DOCKER_TLS_CERTDIR" in variables:
        raw = variables["DOCKER_TLS_CERTDIR"]
        value = variable_value(raw)
        empty = (isinstance(value, str) and not value.strip()) or (
            value is None and not isinstance(raw, dict))
        if empty:
            node, key = (raw, "value") if isinstance(raw, dict) else (variables, "DOCKER_TLS_CERTDIR")
            hit = Hit(node, key, attr="variables.DOCKER_TLS_CERTDIR",
                      values={"why": "disables TLS of its docker:dind service (DOCKER_TLS_CERTDIR is empty)"})
            if once(subject, "GLC010", hit):
                yield hit
    for svc in dind:
        own = svc.entry.get("variables") if isinstance(svc.entry, dict) else None
        if isinstance(own, dict) and "DOCKER_TLS_CERTDIR" in own:
            value = variable_value(own["DOCKER_TLS_CERTDIR"])
            if value is None or (isinstance(value, str) and not value.strip()):
                hit = Hit(own, "DOCKER_TLS_CERTDIR", attr=f"{svc.attr}.variables.DOCKER_TLS_CERTDIR",
                          values={"why": "disables TLS of its docker:dind service (the service's "
                                         "DOCKER_TLS_CERTDIR is empty)"})
                if once(subject, "GLC010", hit):
                    yield hit
        command = svc.entry.get("command") if isinstance(svc.entry, dict) else None
        if isinstance(command, list) and any(isinstance(c, str) and re.match(r"--tls(=|\s+)false", c)
                                             for c in command):
            hit = Hit(svc.entry, "command", attr=f"{svc.attr}.command",
                      values={"why": "starts its docker:dind service with --tls=false"})
            if once(subject, "GLC010", hit):
                yield hit
    if "DOCKER_HOST" in variables:
        raw = variables["DOCKER_HOST"]
        value = variable_value(raw)
        if isinstance(value, str) and PLAIN.match(value.strip()):
            node, key = (raw, "value") if isinstance(raw, dict) else (variables, "DOCKER_HOST")
            hit = Hit(node, key, attr="variables.DOCKER_HOST",
                      values={"why": f"talks to a Docker daemon without TLS ({value.strip()})"})
            if once(subject, "GLC010", hit):
                yield hit
    for line in lines(subject, "GLC010"):
        m = EXPORT.search(line.text)
        if m:
            hit = hit_line(line, why=f"talks to a Docker daemon without TLS ({m.group(1)})")
            if once(subject, "GLC010", hit):
                yield hit

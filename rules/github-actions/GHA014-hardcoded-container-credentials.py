"""Literal passwords in container/services credentials."""

from linter.kinds.github_actions.model import is_literal_secret, mapping
from linter.model import Hit


def check(subject, params):
    job = subject.node
    holders = [("container", job.get("container"))]
    holders += [(f"services.{k}", v) for k, v in mapping(job.get("services")).items()]
    for where, spec in holders:
        if not isinstance(spec, dict):
            continue
        creds = mapping(spec.get("credentials"))
        password = creds.get("password")
        if is_literal_secret(password):
            yield Hit(creds, "password", attr=f"{where}.credentials.password",
                      values={"image": spec.get("image", where)})

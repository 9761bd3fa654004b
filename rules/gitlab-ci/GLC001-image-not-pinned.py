"""Images (job and services, string and map forms) with no tag or the `latest` tag.

Variables the job defines literally are expanded first; a tag that stays a variable is
unknown, not a finding."""

from linter.kinds.gitlab_ci.checks import (
    expand,
    floating_tag,
    images,
    major_only_tag,
    once,
    parse_image,
)
from linter.model import Hit


def check(subject, params):
    for image in images(subject):
        if not isinstance(image.ref, str) or not image.ref.strip():
            continue
        resolved = expand(image.ref, subject)
        ref = parse_image(resolved)
        if ref.digest:
            continue
        if ref.tag is None:
            if "$" in ref.name.rsplit("/", 1)[-1]:
                hit = Hit(image.node, image.key, attr=image.attr, unknown=True,
                          values={"value": image.ref, "once": "unknown"})
                if once(subject, "GLC001", hit):
                    yield hit
                continue
            why = "without a tag (so `latest`)"
        elif ref.tag.lower() == "latest":
            why = "tagged latest"
        elif major_only_tag(ref.tag):
            major = ref.tag.lstrip("v").split("-")[0].split("_")[0]
            why = f"tagged '{ref.tag}', a major-only tag that moves with every {major}.x release"
        elif floating_tag(ref.tag):
            why = f"tagged '{ref.tag}', a tag that names no version"
        else:
            continue
        hit = Hit(image.node, image.key, attr=image.attr,
                  values={"value": _shown(image.ref, resolved), "role": image.role, "why": why})
        if once(subject, "GLC001", hit):
            yield hit


def _shown(written: str, resolved: str) -> str:
    return f"'{written}'" if written == resolved else f"'{written}' (= '{resolved}')"

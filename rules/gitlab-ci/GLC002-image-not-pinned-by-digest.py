"""Images with a version tag but no digest (own-registry images excepted)."""

from linter.kinds.gitlab_ci.checks import OWN_REGISTRY, expand, floating_tag, images, once, parse_image
from linter.model import Hit


def check(subject, params):
    for image in images(subject):
        if not isinstance(image.ref, str) or not image.ref.strip():
            continue
        resolved = expand(image.ref, subject)
        if OWN_REGISTRY.match(image.ref.strip()) or OWN_REGISTRY.match(resolved.strip()):
            continue
        ref = parse_image(resolved)
        if ref.digest or ref.tag is None or floating_tag(ref.tag):
            continue
        if "$" in ref.tag:
            hit = Hit(image.node, image.key, attr=image.attr, unknown=True,
                      values={"value": image.ref, "once": "unknown"})
            if once(subject, "GLC002", hit):
                yield hit
            continue
        hit = Hit(image.node, image.key, attr=image.attr,
                  values={"value": _shown(image.ref, resolved), "role": image.role})
        if once(subject, "GLC002", hit):
            yield hit


def _shown(written: str, resolved: str) -> str:
    return f"'{written}'" if written == resolved else f"'{written}' (= '{resolved}')"

"""Images with a version tag but no digest."""

from linter.kinds.github_actions.images import images
from linter.model import Hit


def check(subject, params):
    for container, key, image in images(subject.node, subject.level):
        if image is None or image.digest or not image.tag or image.tag == "latest":
            continue
        yield Hit(container, key, attr=f"image[{image.name}]", values={"value": image.raw})

"""Images in container:, services: and docker:// without a version."""

from linter.kinds.github_actions.images import images
from linter.model import Hit


def check(subject, params):
    for container, key, image in images(subject.node, subject.level):
        if image is None:
            yield Hit(container, key, attr=f"image[{key}]", unknown=True,
                      values={"value": str(container.get(key)).strip(), "why": ""})
            continue
        if image.digest:
            continue
        if not image.tag:
            why = "without a tag"
        elif image.tag == "latest":
            why = "by its 'latest' tag"
        else:
            continue
        yield Hit(container, key, attr=f"image[{image.name}]",
                  values={"value": image.raw, "why": why})

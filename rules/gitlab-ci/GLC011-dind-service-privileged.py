"""docker:dind services and `docker run --privileged` in scripts."""

import re

from linter.kinds.gitlab_ci.checks import expand, hit_line, images, lines, once
from linter.model import Hit

DIND = re.compile(r"(?:^|/)docker:[^/]*dind|dind", re.IGNORECASE)
PRIVILEGED_RUN = re.compile(r"\b(?:docker|podman|nerdctl)\s+(?:container\s+)?(?:run|create)\b[^|;&]*\s--privileged\b")


def check(subject, params):
    for image in images(subject):
        if image.role == "service" and isinstance(image.ref, str) and DIND.search(expand(image.ref, subject)):
            hit = Hit(image.node, image.key, attr=image.attr,
                      values={"why": f"uses the service '{image.ref}', which needs a privileged runner"})
            if once(subject, "GLC011", hit):
                yield hit
    for line in lines(subject, "GLC011"):
        if PRIVILEGED_RUN.search(line.text):
            hit = hit_line(line, why="runs a container with --privileged")
            if once(subject, "GLC011", hit):
                yield hit

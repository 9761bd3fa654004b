"""A container running the Kubernetes Dashboard image."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.kubernetes.images import parse_image
from linter.kinds.kubernetes.pod import containers
from linter.model import Hit, Subject

REPOSITORIES = ("kubernetesui/dashboard", "kubernetes-dashboard-amd64", "kubernetes-dashboard",
                "kubernetesui/dashboard-web", "kubernetesui/dashboard-api")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for ref in containers(subject.node):
        image = parse_image(ref.container.get("image"))
        if image is None:
            continue
        name = image.repository
        if any(name == r or name.endswith("/" + r) for r in REPOSITORIES):
            yield Hit(ref.container, "image", attr=f"{ref.field}[{ref.index}].image",
                      values={"container": ref.name})

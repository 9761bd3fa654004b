"""`cache:unprotect: true`, in the map form or any entry of the list form."""

from linter.kinds.gitlab_ci.checks import once, truthy
from linter.model import Hit


def check(subject, params):
    cache = subject.node.get("cache")
    entries = cache if isinstance(cache, list) else [cache]
    for i, entry in enumerate(entries):
        if isinstance(entry, dict) and truthy(entry.get("unprotect")):
            attr = f"cache[{i}].unprotect" if isinstance(cache, list) else "cache.unprotect"
            hit = Hit(entry, "unprotect", attr=attr)
            if once(subject, "GLC020", hit):
                yield hit

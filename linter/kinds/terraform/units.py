"""Which Terraform files must be evaluated together: a folder (one module) and the local
modules it calls, transitively. Found from the text alone (before parsing), so a scan can
be split across processes or CI jobs without changing any result.
"""

from __future__ import annotations

import os
import re

_LOCAL_SOURCE = re.compile(r'''\bsource\s*=\s*"(\.{1,2}/[^"]*)"|"source"\s*:\s*"(\.{1,2}/[^"]*)"''')


def _is_plan(path: str, text: str) -> bool:
    name = path.lower()
    return (name.endswith(".json") and not name.endswith((".tf.json", ".tfvars.json"))
            and '"format_version"' in text[:4096])


def units(files: list[tuple[str, str]]) -> list[list[int]]:
    """Groups of indexes into `files` ((path, text) pairs). A plan file may map back to any
    configuration folder of the scan, so with plans everything stays together."""
    if any(_is_plan(path, text) for path, text in files):
        return [list(range(len(files)))] if files else []
    parent: dict[str, str] = {}

    def find(folder: str) -> str:
        root = folder
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[folder] != root:
            parent[folder], folder = root, parent[folder]
        return root

    folders = [os.path.normpath(os.path.dirname(os.path.abspath(path))) for path, _ in files]
    for folder, (_, text) in zip(folders, files):
        find(folder)
        if "source" not in text:
            continue
        for match in _LOCAL_SOURCE.finditer(text):
            called = os.path.normpath(os.path.join(folder, match.group(1) or match.group(2)))
            a, b = find(folder), find(called)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[int]] = {}
    for index, folder in enumerate(folders):
        groups.setdefault(find(folder), []).append(index)
    return list(groups.values())

"""GitHub Actions: workflows (`.github/workflows/*.yml`) and actions (`action.yml`).

Levels: `workflow` (the file; type `workflow` or `action`), `job`, `step` (workflow steps
and composite action steps). Every subject's context carries the model of the file:
`workflow` (root mapping), `triggers` ({event: config}), `source` (to place expressions),
`action` (True for action.yml), and for jobs and steps `job`, `job_id`, `steps`, `step`,
`step_index`, `shell`; `tainted_inputs` ({input: origin}) names the inputs that a caller
in the same scan fills with attacker-controlled data.

For Python checks (`rules/github-actions/*.py`):

- `linter.kinds.github_actions.model`: triggers, `uses:` references, permissions,
  expressions of a file;
- `linter.kinds.github_actions.expr`: `${{ }}` expressions, the contexts they read, and
  which of those an attacker controls;
- `linter.kinds.github_actions.scripts`: where code runs, the env a step sees, taint
  through env, outputs and matrices;
- `linter.kinds.github_actions.images`: container images of jobs, services and actions;
- `linter.kinds.github_actions.calls`: inputs of local reusable workflows filled with
  attacker data by callers in the same scan.

- `linter.kinds.github_actions.advisories`: the offline advisory database of actions.

For the engine: `parse(path, text) -> Parsed`, `subjects(documents, options)` and
`units(files)` (files of one repository stay together, because calls to local reusable
workflows and actions carry taint across files); for the command line: `refresh_advisories(export, output)` (the database from an OSV export).
"""

import os

from .advisories import refresh as refresh_advisories
from .calls import repository_root
from .workflow import parse, subjects

COST_PER_BYTE = 1  # evaluation cost of a byte, relative (the reference); see linter.partition

__all__ = ["COST_PER_BYTE", "parse", "refresh_advisories", "subjects", "units"]


def units(files: list[tuple[str, str]]) -> list[list[int]]:
    """Groups of indexes into `files` ((path, text) pairs): one per repository. An action
    outside `.github` (`uses: ./tools/action`) belongs to the repository whose folder
    holds `.github` or `.git` above it; a file with neither is a group of its own."""
    groups: dict[str, list[int]] = {}
    known: dict[str, str | None] = {}
    for index, (path, _) in enumerate(files):
        key = repository_root(path) or _enclosing_repository(os.path.abspath(path), known)
        groups.setdefault(key or f"\0{index}", []).append(index)
    return list(groups.values())


def _enclosing_repository(path: str, known: dict[str, str | None]) -> str | None:
    folder = os.path.dirname(path)
    seen = []
    while folder not in known:
        seen.append(folder)
        if os.path.isdir(os.path.join(folder, ".github")) or os.path.exists(os.path.join(folder, ".git")):
            known[folder] = folder
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            known[folder] = None
            break
        folder = parent
    for item in seen:
        known[item] = known[folder]
    return known[folder]

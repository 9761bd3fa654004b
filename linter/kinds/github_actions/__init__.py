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

For the engine: `parse(path, text) -> Parsed` and `subjects(documents, options)`; for the
command line: `refresh_advisories(export, output)` (the database from an OSV export).
"""

from .advisories import refresh as refresh_advisories
from .workflow import parse, subjects

__all__ = ["parse", "refresh_advisories", "subjects"]

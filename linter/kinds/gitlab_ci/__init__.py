"""GitLab CI pipelines, evaluated with GitLab's own semantics.

A pipeline is a root file plus its local includes (merged as GitLab merges them), with
`!reference` tags resolved, then every visible job gets `extends:` (multi-level, several
parents) and `default:` (or the legacy top-level keywords) merged in. A file included by
another pipeline in the same scan is evaluated only as part of it; passed alone (as
pre-commit does) it is evaluated on its own; when it holds only templates (hidden jobs),
they are evaluated too, because they are what the file is for. A child pipeline
(`trigger: include: <local file>`) is a pipeline of its own and inherits nothing.

Levels: `pipeline` (one per evaluated pipeline), `job` (a visible job after inheritance;
type `job`, or `template` for a hidden job of a stand-alone template library) and
`hidden` (a hidden job nothing extends: it never runs, but its text is in the repository).
Context: `pipeline` (merged root), `includes` (IncludeEntry list), `variables` (what the
job sees: global overridden by its own), `sources` (to place script lines), `once` (a
set shared by the scan's subjects so an inherited value is reported once),
`job_name`, `fragment` (True when the file was evaluated on its own).

For Python checks (`rules/gitlab-ci/*.py`):

- `linter.kinds.gitlab_ci.checks`: what a job's images, variables and script lines say,
  placed on the line that wrote them;
- `linter.kinds.gitlab_ci.secrets`: a hard-coded credential told from a name that only
  sounds secret;
- `linter.kinds.gitlab_ci.script`: the shell lines of a job's scripts.

For the engine: `parse(path, text) -> Parsed`, `subjects(documents, options)` and
`units(files)`: files of one repository (the folder of its `.gitlab-ci.yml`, or `.git`)
stay together, as local includes never leave it.
`include` and `merge` hold GitLab's include and merge semantics, used by `pipeline`.
"""

from pathlib import Path

from .include import repo_root
from .pipeline import parse, subjects

COST_PER_BYTE = 3  # evaluation cost of a byte, relative (include and extends merging); see linter.partition

__all__ = ["COST_PER_BYTE", "parse", "subjects", "units"]


def units(files: list[tuple[str, str]]) -> list[list[int]]:
    """Groups of indexes into `files` ((path, text) pairs), one per repository."""
    groups: dict[str, list[int]] = {}
    for index, (path, _) in enumerate(files):
        groups.setdefault(str(repo_root(Path(path).absolute())), []).append(index)
    return list(groups.values())

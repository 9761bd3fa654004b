"""Paths -> (file, kind): which files iacgate scans, and why it skips the others.

Classification is by path first (cheap) and by a peek at the content second. Nothing
is parsed here. Symlinks are never followed out of the root being scanned.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SKIP_DIRS = {".git", ".terraform", "node_modules", ".hg", ".svn", "__pycache__", ".venv",
             ".tox", ".mypy_cache", ".pytest_cache"}
YAML_SUFFIXES = (".yml", ".yaml")
# A 9 MiB YAML file costs libyaml ~0.7 GiB and ~12 s before iacgate sees it: refuse larger
# files with a clear finding instead (IACGATE_MAX_FILE_MB raises the bound).
MAX_FILE_MB = 5

_K8S_API = re.compile(r'^\s*"?apiVersion"?\s*:', re.MULTILINE)
_K8S_KIND = re.compile(r'^\s*"?kind"?\s*:', re.MULTILINE)
_GO_TEMPLATE = re.compile(r"\{\{-?\s*(?:\.|include|if|end|range|with|template|toYaml|define|\$)")
_GITLAB_TOP = re.compile(r"^(?:stages|include|workflow|default|variables)\s*:", re.MULTILINE)
_GITLAB_SCRIPT = re.compile(r"^[ \t]+(?:script|before_script|extends|trigger)\s*:")


@dataclass
class SourceFile:
    path: Path
    kind: str
    text: str | None = None


@dataclass
class Skipped:
    path: Path
    reason: str


@dataclass
class Discovery:
    files: list[SourceFile]
    skipped: list[Skipped]
    errors: list[tuple[Path, str]]


def classify_by_path(path: Path) -> str | None:
    """The kind a path implies on its own, or None when the content must decide."""
    name = path.name.lower()
    parts = [p.lower() for p in path.parts]
    if name.endswith((".tf", ".tf.json", ".tfvars", ".tfvars.json")):
        return "terraform"
    if name.endswith(YAML_SUFFIXES):
        if len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows":
            return "github-actions"
        if name in ("action.yml", "action.yaml"):
            return "github-actions"
        if name in (".gitlab-ci.yml", ".gitlab-ci.yaml") or name.endswith(
                (".gitlab-ci.yml", ".gitlab-ci.yaml")):
            return "gitlab-ci"
    return None


def classify_text(path: Path, text: str) -> tuple[str | None, str]:
    """(kind, reason) for a YAML/JSON file by its content; kind None means skip."""
    name = path.name.lower()
    if name.endswith(".json"):
        head = text[:4096]
        if '"format_version"' in head and ('"planned_values"' in text or '"resource_changes"' in text):
            return "terraform", "Terraform plan JSON"
        if '"apiVersion"' in text and '"kind"' in text:
            return "kubernetes", "JSON with apiVersion and kind"
        return None, "JSON that is neither a Kubernetes manifest nor a Terraform plan"
    if name.startswith("values") and (path.parent / "Chart.yaml").is_file():
        return None, "Helm values file (input to a chart, not a manifest)"
    if _GO_TEMPLATE.search(text) and _in_helm_chart(path):
        return None, "Helm chart template (Go template), not plain YAML: scan `helm template` output instead"
    if _K8S_API.search(text) and _K8S_KIND.search(text):
        return "kubernetes", "YAML with apiVersion and kind"
    workflow = _github_kind(text)
    if workflow:
        return "github-actions", workflow
    parts = [p.lower() for p in path.parts]
    if any("gitlab" in p for p in parts) and _looks_like_gitlab(text):
        return "gitlab-ci", "YAML pipeline under a GitLab CI folder"
    if _gitlab_jobs(text):
        return "gitlab-ci", "YAML with GitLab CI jobs (top-level keys holding `script:`)"
    return None, "YAML that is not a Kubernetes manifest, workflow, or pipeline"


_GHA_ON = re.compile(r"""^(?:on|"on"|'on')\s*:""", re.MULTILINE)
_GHA_JOBS = re.compile(r"^jobs\s*:", re.MULTILINE)
_GHA_RUNS = re.compile(r"^runs\s*:\s*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*[ \t]+using\s*:", re.MULTILINE)


def _github_kind(text: str) -> str | None:
    """A GitHub Actions workflow or action kept outside `.github/workflows` (a copied sample,
    a workflow template): top-level `on:` with `jobs:`, or `runs:` with `using:`."""
    if _GHA_ON.search(text) and _GHA_JOBS.search(text):
        return "GitHub Actions workflow (top-level `on:` and `jobs:`)"
    if _GHA_RUNS.search(text):
        return "GitHub Actions action (top-level `runs:` with `using:`)"
    return None


def _in_helm_chart(path: Path) -> bool:
    """A file under a chart's templates/ folder (a Chart.yaml above it)."""
    parents = list(path.parents)
    for i, parent in enumerate(parents):
        if parent.name == "templates" and i + 1 < len(parents):
            return (parents[i + 1] / "Chart.yaml").is_file()
    return False


def _looks_like_gitlab(text: str) -> bool:
    """A pipeline keyword at the top level, or a top-level job with a `script:` key.
    Line by line: a backtracking regex over a large file takes minutes."""
    if _GITLAB_TOP.search(text):
        return True
    in_block = False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            in_block = line.rstrip().endswith(":")
        elif in_block and _GITLAB_SCRIPT.match(line):
            return True
    return False


# top-level keys of other CI systems and YAML formats that also say `script:`
_NOT_GITLAB_TOP = {"on", "jobs", "steps", "pipelines", "language", "trigger", "pool", "pr",
                   "hosts", "tasks", "resources", "name", "runs", "workflows", "version", "orbs",
                   "executors", "commands", "kind", "apiVersion", "matrix", "os", "dist"}


def _gitlab_jobs(text: str) -> bool:
    """A pipeline outside a GitLab-named folder: some top-level key's direct child is
    `script:` (a GitLab job), and no top-level key belongs to another CI system."""
    found = False
    parent: str | None = None
    child_indent: int | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            key = stripped.split(":", 1)[0].strip("'\"")
            if ":" not in stripped or stripped.startswith("- "):
                parent = None
                continue
            if key in _NOT_GITLAB_TOP:
                return False
            parent, child_indent = key, None
            continue
        if parent is None:
            continue
        if child_indent is None:
            child_indent = indent
        if indent == child_indent and re.match(r"(?:before_)?script\s*:", stripped):
            found = True
    return found


def _excluded(rel: str, patterns: Iterable[str]) -> bool:
    parts = rel.split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(rel, pat) or any(fnmatch.fnmatch(p, pat) for p in parts):
            return True
        if fnmatch.fnmatch(rel, pat + "/*") or rel.startswith(pat + "/"):
            return True
    return False


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False


def _relative(real: Path, root: Path) -> str | None:
    try:
        return real.relative_to(root).as_posix()
    except ValueError:
        return None


def _resolve(path: Path) -> Path | None:
    """The real path, or None for a symlink loop (or a path the OS refuses)."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


HEAD_BYTES = 64 * 1024


def _head(path: Path) -> str:
    """The start of a file that cannot be read whole, enough to tell its kind."""
    try:
        with path.open("rb") as fh:
            data = fh.read(HEAD_BYTES)
    except OSError:
        return ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8", "replace")


def _relevant(path: Path) -> bool:
    """A name discovery would look at: its kind by path, or YAML/JSON to peek into."""
    return classify_by_path(path) is not None or path.name.lower().endswith(YAML_SUFFIXES + (".json",))


def _max_file_mb() -> float:
    try:
        return float(os.environ.get("IACGATE_MAX_FILE_MB", MAX_FILE_MB))
    except ValueError:
        return MAX_FILE_MB


def read_text(path: Path, info: os.stat_result | None = None) -> str:
    """UTF-8 (a BOM is dropped); raises OSError/UnicodeDecodeError/ValueError. `info` is
    the file's stat when the caller has it already."""
    info = info or path.stat()
    if not stat.S_ISREG(info.st_mode):  # opening a FIFO would wait forever
        raise ValueError("not a regular file (a FIFO, socket or device): not read")
    size = info.st_size
    limit_mb = _max_file_mb()
    if size > limit_mb * 1024 * 1024:
        raise ValueError(f"file is larger than {limit_mb:g} MiB (set IACGATE_MAX_FILE_MB to read it)")
    with path.open("rb") as fh:  # never more than the limit, even if the file grows
        data = fh.read(int(limit_mb * 1024 * 1024) + 1)
    if len(data) > limit_mb * 1024 * 1024:
        raise ValueError(f"file is larger than {limit_mb:g} MiB (set IACGATE_MAX_FILE_MB to read it)")
    return decode(data)


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); raises ValueError for binary, UTF-16 or other text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("UTF-16 text (save it as UTF-8)")
    if b"\x00" in data[:8192]:
        raise ValueError("binary file")
    return data.decode("utf-8-sig")


def read_limited(stream, name: str = "standard input") -> str:
    """Standard input under the same size limit as files; raises ValueError."""
    limit = int(_max_file_mb() * 1024 * 1024)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{name} is larger than {_max_file_mb():g} MiB "
                         "(set IACGATE_MAX_FILE_MB to read it)")
    return decode(data)


def discover(targets: Iterable[str | Path], exclude: Iterable[str] = (),
             kind_override: str | None = None, overlay: dict[str, str] | None = None) -> Discovery:
    """Walk the targets; every file gets a kind or a reason it was skipped. `overlay`
    gives the text of some files (by absolute path) instead of what is on disk: `fix`
    checks an edit this way before writing it."""
    exclude = list(exclude)
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    errors: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def consider(path: Path, root: Path, explicit: bool, real: Path | None = None) -> None:
        real = real or _resolve(path)
        try:
            rel = real.relative_to(root).as_posix() if real and not explicit else path.as_posix()
        except ValueError:
            rel = path.as_posix()
        if not explicit and _excluded(rel, exclude):
            skipped.append(Skipped(path, "excluded"))
            return
        if explicit and exclude and _excluded(path.as_posix(), exclude):
            skipped.append(Skipped(path, "excluded"))
            return
        if real is None:
            if explicit or _relevant(path):
                errors.append((path, "symlink that points to itself (a loop) or cannot be followed"))
            return
        try:
            info: os.stat_result | None = os.stat(real)
        except (OSError, ValueError):
            info = None
        if info is None or not stat.S_ISREG(info.st_mode):
            if explicit or _relevant(path):
                errors.append((path, "not a regular file (a FIFO, socket or device): not read"))
            return
        if real in seen:
            return
        seen.add(real)
        kind = (kind_override if explicit else None) or classify_by_path(path)
        name = path.name.lower()
        if kind is None and not name.endswith(YAML_SUFFIXES + (".json",)):
            if explicit:
                skipped.append(Skipped(path, "not a file kind iacgate reads"))
            return
        text = None
        if kind is None or kind in ("kubernetes", "gitlab-ci", "github-actions", "terraform"):
            try:
                text = overlay[str(real)] if overlay and str(real) in overlay else read_text(path, info)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                if kind is None and not explicit and name.endswith(".json") \
                        and classify_text(path, _head(path))[0] is None:
                    # a large or binary JSON file that is no plan or manifest (a lock file)
                    skipped.append(Skipped(path, f"unreadable: {_read_error(exc)}"))
                    return
                errors.append((path, _read_error(exc)))
                return
        if kind is None:
            kind, reason = classify_text(path, text or "")
            if kind is None:
                skipped.append(Skipped(path, reason))
                return
        files.append(SourceFile(path, kind, text))

    def unreadable_folder(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else Path(".")
        errors.append((where, f"cannot read folder: {_read_error(exc)}"))

    for target in targets:
        target = Path(target)
        if not target.exists() and not target.is_symlink():
            errors.append((target, "no such file or directory"))
            continue
        if not target.is_dir():
            consider(target, _resolve(target.parent) or target.parent.absolute(), explicit=True)
            continue
        root = _resolve(target) or target.absolute()
        for dirpath, dirnames, filenames in os.walk(target, onerror=unreadable_folder,
                                                    followlinks=False):
            base = Path(dirpath)
            keep = []
            real_base = _resolve(base)  # once per folder: the walk never follows a symlink
            for d in sorted(dirnames):
                full = base / d
                if d in SKIP_DIRS:
                    skipped.append(Skipped(full, f"'{d}' folders are never scanned"))
                    continue
                if real_base is not None and not full.is_symlink():
                    rel = _relative(real_base / d, root)
                else:
                    rel = full.resolve().relative_to(root).as_posix() if _inside(full, root) else None
                if full.is_symlink() and rel is None:
                    skipped.append(Skipped(full, "symlink that leaves the scanned folder"))
                elif rel is not None and _excluded(rel, exclude):
                    skipped.append(Skipped(full, "excluded"))
                else:
                    keep.append(d)
            dirnames[:] = keep
            for fname in sorted(filenames):
                full = base / fname
                if full.is_symlink():
                    if _resolve(full) is not None and not _inside(full, root):
                        skipped.append(Skipped(full, "symlink that leaves the scanned folder"))
                        continue
                    consider(full, root, explicit=False)
                else:
                    consider(full, root, False, real_base / fname if real_base else None)
    return Discovery(files, skipped, errors)


def _read_error(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)

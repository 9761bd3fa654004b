"""The one module that imports checkov: its public runners, run in this process.

Each iacgate kind maps to one checkov framework runner, fed exactly the files iacgate's
discovery found (so `exclude` and the kinds setting hold for checkov too). Nothing is
downloaded: external modules stay off and no platform integration is set up, so no key is
needed. checkov's skip comments and annotations are *not* applied here: iacgate applies
them itself (see skips.py), because a skipped check would otherwise hide whether it failed,
and an unused skip could not be reported.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

INSTALL = 'pip install "iacgate[checkov]"'

# iacgate kind -> (checkov framework, runner module)
FRAMEWORKS: dict[str, tuple[str, str]] = {
    "terraform": ("terraform", "checkov.terraform.runner"),
    "kubernetes": ("kubernetes", "checkov.kubernetes.runner"),
    "github-actions": ("github_actions", "checkov.github_actions.runner"),
    "gitlab-ci": ("gitlab_ci", "checkov.gitlab_ci.runner"),
}


@dataclass
class Record:
    """One failed checkov check, in plain data (no checkov object escapes this module)."""

    check_id: str
    name: str
    kind: str
    path: str  # absolute
    start: int
    end: int
    resource: str
    evaluated_keys: list[str] = field(default_factory=list)
    guideline: str | None = None


@dataclass
class CheckovRun:
    records: list[Record] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (absolute path, why)
    checks: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, kind)
    seconds: float = 0.0
    version: str = ""
    log: list[str] = field(default_factory=list)  # checkov's warnings, shown with -v


def unavailable() -> str | None:
    """Why checkov cannot run here (None when it can), with what to do about it."""
    try:
        with _quiet_logging([]):
            import checkov.version  # noqa: F401
            from checkov.runner_filter import RunnerFilter  # noqa: F401
    except ImportError:
        return f"checkov is not installed: {INSTALL}"
    try:
        with _quiet_logging([]):
            import checkov.terraform.runner  # noqa: F401
    except ImportError as exc:
        if "hcl2" in str(exc):
            return ("checkov cannot import its HCL parser: the `hcl2` module installed here is "
                    "python-hcl2, which replaced checkov's bc-python-hcl2 (both use that name). "
                    "Reinstall checkov's: pip install --force-reinstall --no-deps bc-python-hcl2")
        return f"checkov cannot be imported ({exc}): {INSTALL}"
    return None


class _Capture(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage().splitlines()[0]
            if record.exc_info and record.exc_info[1] is not None:
                exc = record.exc_info[1]
                text += f" ({type(exc).__name__}: {exc})"
            self.sink.append(text[:300])
        except Exception:  # noqa: BLE001 - a log line must never break the scan
            pass


@contextlib.contextmanager
def _quiet_logging(sink: list[str]) -> Iterator[None]:
    """checkov configures the root logger when imported (DEBUG into memory, WARNING to
    stderr): keep its messages out of iacgate's output and collect the warnings instead."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    capture = _Capture(sink)
    root.handlers = [capture]
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.handlers, level = saved
        root.setLevel(level)


@contextlib.contextmanager
def _no_annotation_skips() -> Iterator[None]:
    """checkov's Kubernetes runner applies `checkov.io/skip` annotations even when asked
    not to collect skip comments; iacgate applies them itself (so an unused one can be
    reported), hence checkov must report the real result."""
    try:
        import checkov.kubernetes.runner as k8s
    except ImportError:
        yield
        return
    original = getattr(k8s, "get_skipped_checks", None)
    if original is None:
        yield
        return
    k8s.get_skipped_checks = lambda entity_conf: []
    try:
        yield
    finally:
        k8s.get_skipped_checks = original


def run(files: dict[str, list[str]], checks: list[str], skip_checks: list[str],
        external_dirs: list[str], var_files: list[str], roots: list[str] = ()) -> CheckovRun:
    """Run checkov's checks over `files` (iacgate kind -> absolute paths). Terraform under
    one of `roots` (scanned folders) is read folder-wise, as `checkov -d` reads it: modules,
    terraform.tfvars and *.auto.tfvars then resolve; only results in `files` are kept."""
    import importlib

    out = CheckovRun()
    started = time.perf_counter()
    with _quiet_logging(out.log):
        from checkov.runner_filter import RunnerFilter
        from checkov.version import version

        out.version = str(version)
        for kind, paths in files.items():
            if not paths or kind not in FRAMEWORKS:
                continue
            framework, module = FRAMEWORKS[kind]
            runner_class = importlib.import_module(module).Runner

            def make_filter(framework: str = framework) -> RunnerFilter:
                return RunnerFilter(framework=[framework], checks=list(checks),
                                    skip_checks=list(skip_checks), download_external_modules=False,
                                    show_progress_bar=False,
                                    var_files=list(var_files) if framework == "terraform" else None)

            if kind == "terraform" and roots:
                paths = _run_roots(runner_class, make_filter, kind, paths, roots, external_dirs, out)
            if paths:
                _run_framework(runner_class, make_filter, kind, paths, external_dirs, out)
        out.checks = _catalog([FRAMEWORKS[k][0] for k in files if k in FRAMEWORKS and files[k]])
    _check_failures(out, [p for paths in files.values() for p in paths])
    out.seconds = time.perf_counter() - started
    return out


def _run_roots(runner_class, make_filter, kind: str, paths: list[str], roots: list[str],
               external_dirs: list[str], out: CheckovRun) -> list[str]:
    """Each scanned folder as one checkov run; returns the files left for file-wise runs
    (outside every folder, or in a folder checkov failed on)."""
    wanted = set(paths)
    outer = [r for r in sorted(set(roots)) if not any(r != o and r.startswith(o.rstrip(os.sep) + os.sep)
                                                       for o in roots)]
    left = set(paths)
    for root in outer:
        prefix = root.rstrip(os.sep) + os.sep
        mine = [p for p in paths if p.startswith(prefix)]
        if not mine:
            continue
        batch = CheckovRun()
        try:
            _collect(_invoke(runner_class, make_filter, [], external_dirs, root=root), kind, batch)
        except Exception:  # noqa: BLE001 - file-wise runs pin the failure to its file
            continue
        out.records += [r for r in batch.records if r.path in wanted]
        out.errors += [(p, why) for p, why in batch.errors if p in wanted]
        left -= set(mine)
    return [p for p in paths if p in left]


def _run_framework(runner_class, make_filter, kind: str, paths: list[str],
                   external_dirs: list[str], out: CheckovRun) -> None:
    """All files of one kind at once (Terraform modules need each other); when checkov
    fails on the batch, each file alone, so that the failure is pinned to its file."""
    try:
        _collect(_invoke(runner_class, make_filter, paths, external_dirs), kind, out)
        return
    except Exception as exc:  # noqa: BLE001 - checkov's defect becomes a finding, never a traceback
        if len(paths) == 1:
            out.errors.append((paths[0], _why(exc)))
            return
    for path in paths:
        try:
            _collect(_invoke(runner_class, make_filter, [path], external_dirs), kind, out)
        except Exception as exc:  # noqa: BLE001
            out.errors.append((path, _why(exc)))


_FAILED_CHECK = re.compile(r"Failed to run check (\S+) on (.+?):(\S+?)(?: \((.*)\))?$")


def _check_failures(out: CheckovRun, paths: list[str]) -> None:
    """A check that raises is only logged by checkov ("Failed to run check ID on
    /file:resource") and the run goes on: that file did not get the check, so it is an
    error on that file like a crash."""
    seen: set[tuple[str, str]] = set()
    for line in out.log:
        m = _FAILED_CHECK.search(line)
        if m is None:
            continue
        scanned = m.group(2).replace("\\", "/")
        path = next((p for p in paths if p.replace(os.sep, "/").endswith(scanned)), None)
        if path is not None and (path, m.group(1)) not in seen:
            seen.add((path, m.group(1)))
            out.errors.append((path, f"checkov's check {m.group(1)} failed on {m.group(3)}"
                               + (f": {m.group(4)}" if m.group(4) else "")))


def _why(exc: Exception) -> str:
    return f"checkov failed on this file: {type(exc).__name__}: {exc}"[:300]


def _invoke(runner_class, make_filter, paths: list[str], external_dirs: list[str],
            root: str | None = None) -> list:
    with _no_annotation_skips():
        report = runner_class().run(root_folder=root, files=None if root else list(paths),
                                    external_checks_dir=list(external_dirs) or None,
                                    runner_filter=make_filter(), collect_skip_comments=False)
    return report if isinstance(report, list) else [report]


def _collect(reports: list, kind: str, out: CheckovRun) -> None:
    for report in reports:
        for path in getattr(report, "parsing_errors", ()) or ():
            out.errors.append((os.path.realpath(path), "checkov could not parse this file"))
        for rec in report.failed_checks:
            lines = list(rec.file_line_range or (1, 1))
            start = max(1, int(lines[0] or 1))
            end = max(start, int(lines[-1] or start))
            result = rec.check_result or {}
            keys = [k for k in result.get("evaluated_keys") or () if isinstance(k, str)]
            out.records.append(Record(
                check_id=rec.check_id, name=rec.check_name or rec.check_id, kind=kind,
                path=os.path.realpath(rec.file_abs_path or rec.file_path), start=start, end=end,
                resource=str(rec.resource or ""), evaluated_keys=keys,
                guideline=rec.guideline or None))


def _catalog(frameworks: list[str]) -> dict[str, tuple[str, str]]:
    """Every checkov check of these frameworks (external ones too, once loaded): id ->
    (name, iacgate kind). Used to tell a skip of an unknown id from one that matched nothing."""
    from checkov.docs_generator import get_checks

    kinds = {fw: kind for kind, (fw, _) in FRAMEWORKS.items()}
    out: dict[str, tuple[str, str]] = {}
    for framework in frameworks:
        try:
            rows = get_checks([framework])
        except Exception:  # noqa: BLE001 - the catalog only refines messages
            continue
        for row in rows:
            out.setdefault(str(row[0]), (str(row[3]), kinds[framework]))
    return out


def catalog(frameworks: list[str] | None = None) -> dict[str, tuple[str, str]]:
    """checkov's checks for `iacgate rules list --checkov`: id -> (name, iacgate kind)."""
    sink: list[str] = []
    with _quiet_logging(sink):
        return _catalog(frameworks or [fw for fw, _ in FRAMEWORKS.values()])

"""One `iacgate scan`: settings -> engine -> waivers -> reports -> exit code.

Kept apart from cli.py so that the CLI only handles arguments, and from engine.py so
that the engine knows nothing about reports or exit codes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from .engine import ScanOptions, scan
from .model import Severity
from .reporters import ReportSettings, renderer
from .reporters.summary import failing, summary_line
from .rules import RuleError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass
class ScanRequest:
    paths: list[str]
    outputs: list[tuple[str, str | None]]
    fail_on: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    kind: str | None = None
    stdin_filename: str | None = None
    show_unknown: bool = False
    rules_dirs: list[str] = field(default_factory=list)
    config_path: str | None = None
    tf_vars: list[str] = field(default_factory=list)
    tf_var_files: list[str] = field(default_factory=list)
    color: bool | None = None
    jobs: int = 0
    verbose: bool = False


def _error(message: str) -> None:
    click.echo(f"iacgate: error: {message}", err=True)


def build_options(req: ScanRequest) -> ScanOptions:
    opts = ScanOptions(targets=req.paths, select=req.select, ignore=req.ignore,
                       exclude=req.exclude, extra_rule_dirs=req.rules_dirs, jobs=req.jobs)
    if req.paths == ["-"]:
        opts.stdin_text = sys.stdin.read()
        opts.stdin_kind = req.kind
        opts.stdin_filename = req.stdin_filename or "<stdin>"
    else:
        opts.force_kind = req.kind
    if "-" in req.paths and req.paths != ["-"]:
        raise ValueError("`-` (standard input) cannot be mixed with paths")
    tf: dict = {}
    for item in req.tf_vars:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"--var {item!r}: expected NAME=VALUE")
        tf.setdefault("vars", {})[name.strip()] = value
    if req.tf_var_files:
        for f in req.tf_var_files:
            if not Path(f).is_file():
                raise ValueError(f"--var-file {f}: no such file")
        tf["var_files"] = list(req.tf_var_files)
    if tf:
        opts.kind_options["terraform"] = tf
    return opts


def run_scan(req: ScanRequest) -> int:
    try:
        options = build_options(req)
    except ValueError as exc:
        _error(str(exc))
        return EXIT_USAGE
    fail_on = Severity.parse(req.fail_on or "high")
    try:
        result = scan(options)
    except RuleError as exc:
        _error(f"rule pack: {exc}")
        return EXIT_INTERNAL
    except ValueError as exc:
        _error(str(exc))
        return EXIT_USAGE
    if req.verbose:
        for s in result.skipped:
            click.echo(f"skipped {s.path}: {s.message}", err=True)
        for n in result.notes:
            click.echo(f"note {n.path}{':' + str(n.line) if n.line else ''}: {n.message}", err=True)
    from . import __version__

    for fmt, dest in req.outputs:
        color = req.color if req.color is not None else (dest is None and sys.stdout.isatty())
        settings = ReportSettings(fail_on=fail_on, color=bool(color and fmt == "text"),
                                  show_unknown=req.show_unknown, verbose=req.verbose,
                                  tool_version=__version__)
        text = renderer(fmt)(result, settings)
        if dest is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            try:
                Path(dest).write_text(text, encoding="utf-8")
            except OSError as exc:
                _error(f"cannot write {dest}: {exc.strerror or exc}")
                return EXIT_USAGE
    click.echo(summary_line(result, fail_on), err=True)
    return EXIT_FINDINGS if failing(result.findings, fail_on) else EXIT_OK

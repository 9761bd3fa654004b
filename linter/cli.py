"""Command line: argument handling only; the work is done elsewhere.

Exit codes: 0 gate passes, 1 findings fail the gate, 2 usage or configuration error,
3 iacgate could not do its job. No traceback reaches a user (IACGATE_DEBUG=1 shows it).
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
SEVERITIES = ["info", "low", "medium", "high", "critical"]
CHECKOV_HELP = ("Also run checkov's checks and your checkov policies inside the gate (needs "
                "pip install \"iacgate[checkov]\"). The scan then takes as long as checkov does: "
                "its time is shown apart in the summary.")


class UsageProblem(click.ClickException):
    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"iacgate: error: {self.format_message()}", err=True)


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="iacgate", message="%(prog)s %(version)s")
def cli() -> None:
    """iacgate: security policy linter for Terraform, Kubernetes, GitHub Actions and GitLab CI."""


def _outputs(fmt: str | None, output: str | None, outs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """`-o sarif=results.sarif -o text` -> [("sarif", "results.sarif"), ("text", None)];
    empty when no report was asked for (the config's `outputs`, else text, then apply)."""
    from .reporters import FORMATS

    result: list[tuple[str, str | None]] = []
    for spec in outs:
        name, sep, dest = spec.partition("=")
        if not sep:
            name, sep, dest = spec.partition(":")
        if name not in FORMATS:
            raise UsageProblem(f"-o {spec}: unknown format {name!r} (one of {', '.join(FORMATS)})")
        result.append((name, dest or None))
    if not result and (fmt is not None or output is not None):
        result.append((fmt or "text", output))
    if sum(1 for _, d in result if d is None) > 1:
        raise UsageProblem("only one report can go to standard output; give the others a file")
    return result


def _options(*options):
    """Several click options as one decorator, listed in `--help` in this order."""
    def wrap(fn):
        for option in reversed(options):
            fn = option(fn)
        return fn
    return wrap


def _report_options(default: str):
    """--format, --output and -o, as `scan` and `merge` both take them."""
    return _options(
        click.option("--format", "fmt", default=None,
                     type=click.Choice(["text", "json", "sarif", "junit", "github", "gitlab", "html"]),
                     help=f"Report format (default: {default})."),
        click.option("--output", type=click.Path(dir_okay=False), help="Write the report to FILE."),
        click.option("-o", "outs", multiple=True, metavar="FORMAT[=FILE]",
                     help="A report; repeat for several (e.g. -o sarif=results.sarif -o text)."),
    )


def _input_options(kind_help: str):
    """Which files and rules, and the Terraform inputs, as `scan` and `fix` both take them."""
    return _options(
        click.option("--select", multiple=True,
                     help="Only these rules: id, name, pack, tag:TAG (comma-separated)."),
        click.option("--ignore", multiple=True, help="Skip these rules: id, name, pack, tag:TAG."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip paths matching GLOB."),
        click.option("--kind", type=click.Choice(["terraform", "kubernetes", "github-actions", "gitlab-ci"]),
                     help=kind_help),
        click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(file_okay=False),
                     help="An extra rule pack folder."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                     help="Configuration file (default: .iacgate.yaml in the current directory)."),
        click.option("--var", "tf_vars", multiple=True, metavar="NAME=VALUE", help="Terraform variable value."),
        click.option("--var-file", "tf_var_files", multiple=True, type=click.Path(dir_okay=False),
                     help="Terraform variables file."),
    )


@cli.command()
@click.argument("paths", nargs=-1)
@_report_options("the config's `outputs`, else text")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that fails the gate (default: high).")
@_input_options("Kind of standard input, or of the files named on the command line.")
@click.option("--stdin-filename", default=None, help="Path to report for standard input.")
@click.option("--show-unknown", is_flag=True, help="List what could not be evaluated and why.")
@click.option("--show-waived", is_flag=True,
              help="List waived findings in the text report (default: a one-line count).")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@click.option("--progress/--no-progress", default=None,
              help="A progress line on stderr for scans over a second (default: on a terminal, "
                   "never in pipes, CI or next to a machine format on stdout).")
@click.option("-j", "--jobs", type=int, default=0, help="Processes for a large scan (400 files or more): 0 one per core, 1 this process only.")
@click.option("-v", "--verbose", is_flag=True, help="Say what was skipped and why.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Fail only on findings not recorded in this baseline file.")
@click.option("--diff-base", default=None, metavar="REF",
              help="Only findings in files and blocks changed since git revision REF.")
@click.option("--exceptions", "exceptions_path", type=click.Path(dir_okay=False), default=None,
              help="Exceptions register (default: .iacgate-exceptions.yaml).")
@click.option("--checkov", is_flag=True, default=False, help=CHECKOV_HELP)
@click.option("--shard", default=None, metavar="K/N",
              help="Scan only part K of N (Terraform modules and pipelines stay whole); join the "
                   "parts' JSON reports with `iacgate merge`.")
def scan(paths: tuple[str, ...], fmt: str | None, output: str | None, outs: tuple[str, ...],
         fail_on: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
         exclude: tuple[str, ...], kind: str | None, stdin_filename: str | None,
         show_unknown: bool, show_waived: bool, rules_dirs: tuple[str, ...], config_path: str | None,
         tf_vars: tuple[str, ...], tf_var_files: tuple[str, ...], color: bool | None,
         progress: bool | None, jobs: int, verbose: bool, baseline: str | None, diff_base: str | None,
         exceptions_path: str | None, checkov: bool, shard: str | None) -> None:
    """Scan PATHS (default: the current directory; `-` reads standard input)."""
    from .run import ScanRequest, run_scan

    request = ScanRequest(
        paths=list(paths) or ["."], outputs=_outputs(fmt, output, outs), fail_on=fail_on,
        select=_split(select), ignore=_split(ignore), exclude=list(exclude), kind=kind,
        stdin_filename=stdin_filename, show_unknown=show_unknown, show_waived=show_waived,
        rules_dirs=list(rules_dirs),
        config_path=config_path, tf_vars=list(tf_vars), tf_var_files=list(tf_var_files),
        color=color, progress=progress, jobs=jobs, verbose=verbose, baseline=baseline, diff_base=diff_base,
        exceptions_path=exceptions_path, checkov=checkov, shard=shard,
    )
    sys.exit(run_scan(request))



@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_report_options("text")
@click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(file_okay=False),
              help="An extra rule pack the shards used (for rule descriptions in SARIF and HTML).")
@click.option("--show-waived", is_flag=True, help="List waived findings in the text report.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
def merge(reports: tuple[str, ...], fmt: str | None, output: str | None, outs: tuple[str, ...],
          rules_dirs: tuple[str, ...], show_waived: bool, color: bool | None) -> None:
    """Join the JSON reports of `scan --shard K/N` (every K of one N) into one report, with
    the findings, summary and exit code of the unsharded scan."""
    from .run import run_merge

    sys.exit(run_merge(list(reports), _outputs(fmt, output, outs), list(rules_dirs), color, show_waived))


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff and write nothing.")
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply fixes that change what the infrastructure or pipeline does.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that fails the gate after the fixes (default: high).")
@_input_options("Kind of the files named on the command line.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Findings recorded in this baseline are left alone (and do not fail the gate).")
@click.option("--exceptions", "exceptions_path", type=click.Path(dir_okay=False), default=None,
              help="Exceptions register (default: .iacgate-exceptions.yaml).")
@click.option("--color/--no-color", default=None, help="Colour the report (default: on a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="Say what was skipped and why.")
def fix(paths: tuple[str, ...], show_diff: bool, unsafe_fixes: bool, fail_on: str | None,
        select: tuple[str, ...], ignore: tuple[str, ...], exclude: tuple[str, ...],
        kind: str | None, rules_dirs: tuple[str, ...], config_path: str | None,
        tf_vars: tuple[str, ...], tf_var_files: tuple[str, ...], baseline: str | None,
        exceptions_path: str | None, color: bool | None, verbose: bool) -> None:
    """Fix findings in PATHS in place (default: the current directory), then gate on what remains.

    Safe fixes keep behaviour; unsafe ones (they change what the infrastructure does) need
    --unsafe-fixes. Every edit is re-scanned before it is written: if the file would not
    parse, the finding stays, or a new one appears, the fix is skipped and reported.
    Waived findings are left alone."""
    from .run import ScanRequest, run_fix

    request = ScanRequest(
        paths=list(paths) or ["."], fail_on=fail_on, select=_split(select), ignore=_split(ignore),
        exclude=list(exclude), kind=kind, rules_dirs=list(rules_dirs), config_path=config_path,
        tf_vars=list(tf_vars), tf_var_files=list(tf_var_files), color=color, verbose=verbose,
        baseline=baseline, exceptions_path=exceptions_path)
    sys.exit(run_fix(request, show_diff, unsafe_fixes))


def _selection_options(fn):
    """Options shared by `baseline create` and `config show` (same meaning as for scan)."""
    for option in reversed((
        click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                     help="Configuration file (default: .iacgate.yaml)."),
        click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
                     help="Lowest severity that fails the gate."),
        click.option("--select", multiple=True, help="Only these rules."),
        click.option("--ignore", multiple=True, help="Skip these rules."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip paths matching GLOB."),
        click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(file_okay=False),
                     help="An extra rule pack folder."),
        click.option("--exceptions", "exceptions_path", type=click.Path(dir_okay=False),
                     default=None, help="Exceptions register."),
        click.option("--checkov", is_flag=True, default=False, help=CHECKOV_HELP),
    )):
        fn = option(fn)
    return fn


def _request(paths: tuple[str, ...], **kw) -> object:
    from .run import ScanRequest

    for key in ("select", "ignore"):
        kw[key] = _split(kw.get(key) or ())
    kw["exclude"] = list(kw.get("exclude") or ())
    kw["rules_dirs"] = list(kw.get("rules_dirs") or ())
    return ScanRequest(paths=list(paths) or ["."], **kw)


@cli.group()
def baseline() -> None:
    """Record today's findings so that later scans fail only on new ones."""


@baseline.command("create")
@click.argument("paths", nargs=-1)
@click.option("--output", default=None, type=click.Path(dir_okay=False),
              help="Baseline file to write (default: the config's `baseline`, else "
                   ".iacgate-baseline.json).")
@_selection_options
def baseline_create(paths: tuple[str, ...], output: str | None, **kw) -> None:
    """Scan PATHS and write their active findings to --output."""
    from .run import run_baseline_create

    sys.exit(run_baseline_create(_request(paths, **kw), output))


@cli.group()
def config() -> None:
    """Show the effective configuration."""


@config.command("show")
@click.argument("paths", nargs=-1)
@click.option("--baseline", type=click.Path(dir_okay=False), default=None, help="Baseline file.")
@_selection_options
def config_show(paths: tuple[str, ...], **kw) -> None:
    """Print every setting and where its value came from."""
    from .run import run_config_show

    sys.exit(run_config_show(_request(paths, **kw)))


@cli.group()
def exceptions() -> None:
    """The exceptions register: accountable, expiring waivers."""


@exceptions.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .iacgate.yaml).")
@click.option("--exceptions", "exceptions_path", type=click.Path(dir_okay=False), default=None,
              help="Exceptions register (default: .iacgate-exceptions.yaml).")
def exceptions_list(fmt: str, config_path: str | None, exceptions_path: str | None) -> None:
    """Every exception with its owner and expiry status (exit 1 if any has expired)."""
    from .run import run_exceptions_list

    sys.exit(run_exceptions_list(_request((), config_path=config_path,
                                          exceptions_path=exceptions_path), fmt))


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, exists=True))
@click.option("--exceptions", is_flag=True, help="Also write a starter exceptions register.")
def init(folder: str, exceptions: bool) -> None:
    """Write a commented starter .iacgate.yaml in FOLDER (never overwrites)."""
    from .run import run_init

    sys.exit(run_init(folder, exceptions))


@cli.group()
def rules() -> None:
    """List and explain rules."""


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text")
@click.option("--select", multiple=True, help="Only these rules: id, name, pack, tag:TAG.")
@click.option("--checkov", is_flag=True, default=False,
              help="checkov's checks instead: which native rule covers each, and which still add "
                   "something (needs pip install \"iacgate[checkov]\").")
def rules_list(fmt: str, select: tuple[str, ...], checkov: bool) -> None:
    """Every rule: id, name, severity, kind, title."""
    if checkov:
        from .bridges.checkov import unavailable
        from .bridges.checkov.listing import list_checks

        problem = unavailable()
        if problem:
            raise UsageProblem(f"--checkov: {problem}")
        click.echo(list_checks(fmt, _split(select)), nl=False)
        return
    from .ruledocs import list_rules

    click.echo(list_rules(fmt, _split(select)), nl=False)


@rules.command("explain")
@click.argument("rule_id")
def rules_explain(rule_id: str) -> None:
    """Title, rationale, remediation, references, and a bad and a good example."""
    from .ruledocs import explain

    text = explain(rule_id)
    if text is None:
        raise UsageProblem(f"no rule named {rule_id!r} (see `iacgate rules list`)")
    click.echo(text)


@cli.group()
def cache() -> None:
    """The cache of parsed Terraform files (capped by IACGATE_CACHE_MB, default 100)."""


@cache.command("clear")
def cache_clear() -> None:
    """Remove every cached entry."""
    from .run import run_cache

    sys.exit(run_cache("clear"))


@cache.command("info")
def cache_info() -> None:
    """Where the cache is, its size and its cap."""
    from .run import run_cache

    sys.exit(run_cache("info"))


@cli.group()
def advisories() -> None:
    """The offline advisory database of GitHub Actions (rule GHA033)."""


@advisories.command("import")
@click.argument("export", type=click.Path(exists=True))
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Database file to write (default: the one bundled with the rule pack).")
def advisories_import(export: str, output: str | None) -> None:
    """Refresh the database from an OSV export (a .json file, a folder of them, or osv.dev's
    `GitHub Actions/all.zip`). Nothing is fetched: download the export yourself."""
    from .kinds.github_actions import refresh_advisories as refresh
    from .rules import bundled_rules_dir

    target = output or str(bundled_rules_dir() / "github-actions" / "_advisories.json")
    count, date = refresh(export, target)
    click.echo(f"{target}: {count} advisories, data as of {date or 'unknown date'}")


def main() -> None:
    """Entry point. The process then ends without tearing its heap down: freeing a large
    scan's objects one by one (and the collector's last pass over them) takes longer than
    writing the report did. Output is flushed first; iacgate registers no exit handlers."""
    try:
        _main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        click.echo(str(code), err=True)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`iacgate scan | head`): nothing to lose
            pass
    os._exit(code)


def _main() -> None:
    """No traceback reaches a user: every way out is an exit code."""
    from .collector import rarer_collections

    try:
        with rarer_collections():
            cli(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("iacgate: aborted", err=True)
        sys.exit(EXIT_INTERNAL)
    except click.ClickException as exc:
        if isinstance(exc, UsageProblem):
            exc.show()
        else:
            click.echo(f"iacgate: error: {exc.format_message()}", err=True)
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BaseException as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("IACGATE_DEBUG"):
            raise
        from .rules import RuleError

        if isinstance(exc, RuleError):
            click.echo(f"iacgate: rule pack error: {exc}", err=True)
        else:
            click.echo(f"iacgate: internal error: {type(exc).__name__}: {exc} "
                       "(set IACGATE_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()

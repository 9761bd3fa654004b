"""One `iacgate scan`: settings -> engine -> governance -> reports -> exit code.

Kept apart from cli.py so that the CLI only handles arguments, and from engine.py so
that the engine knows nothing about reports, waivers or exit codes.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from .config import Config
from .engine import ScanOptions, ScanResult, UnknownSelector, display_path, scan
from .governance import Policy, SettingsError
from .model import Severity, UsageError
from .reporters import ReportSettings, renderer
from .reporters.printable import printable
from .reporters.summary import failing, summary_line
from .rules import RuleError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass
class ScanRequest:
    paths: list[str]
    outputs: list[tuple[str, str | None]] = field(default_factory=list)  # empty: config or text
    fail_on: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    kind: str | None = None
    stdin_filename: str | None = None
    show_unknown: bool = False
    show_waived: bool = False
    progress: bool | None = None  # None: only on a terminal (see linter.progress)
    rules_dirs: list[str] = field(default_factory=list)
    config_path: str | None = None
    tf_vars: list[str] = field(default_factory=list)
    tf_var_files: list[str] = field(default_factory=list)
    color: bool | None = None
    jobs: int = 0
    verbose: bool = False
    baseline: str | None = None
    diff_base: str | None = None
    exceptions_path: str | None = None
    checkov: bool = False  # also run checkov's checks (linter/bridges/checkov)
    shard: str | None = None  # "K/N": scan only part K of N (merge the parts with `iacgate merge`)
    fixing: bool = False  # `fix`: findings keep what they were found on, to be edited


def _error(message: str) -> None:
    click.echo(f"iacgate: error: {printable(message)}", err=True)


def _say(message: str) -> None:
    """A line on stderr; names and values from scanned files cannot drive the terminal."""
    click.echo(printable(message), err=True)


def load_config(req: ScanRequest) -> Config:
    """The effective settings: defaults < config file < command line."""
    from . import config

    asked = [f"{fmt}={dest}" if dest else fmt for fmt, dest in req.outputs]
    cli = {"outputs": asked, "fail_on": req.fail_on, "select": req.select, "ignore": req.ignore,
           "exclude": req.exclude, "show_unknown": True if req.show_unknown else None,
           "rule_packs": req.rules_dirs, "exceptions": req.exceptions_path,
           "baseline": req.baseline, "jobs": req.jobs or None}
    cfg = config.load(req.config_path, [p for p in req.paths if p != "-"], cli)
    tf = dict(cfg["terraform"] or {})
    if req.tf_vars or req.tf_var_files:
        variables = dict(tf.get("vars") or {})
        for item in req.tf_vars:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise UsageError(f"--var {item!r}: expected NAME=VALUE")
            variables[name.strip()] = value
        if variables:
            tf["vars"] = variables
        if req.tf_var_files:
            tf["var_files"] = list(tf.get("var_files") or []) + list(req.tf_var_files)
        cfg.values["terraform"] = config.Setting(tf, "command line")
    return cfg


def _known_rules(cfg: Config) -> dict[str, str]:
    from .diagnostics import ENGINE_RULES
    from .rules import load_rules

    rules = load_rules([Path(d) for d in cfg["rule_packs"]]) + list(ENGINE_RULES.values())
    known = {r.id: r.id for r in rules}
    known.update({r.name: r.id for r in rules})
    return known


def build_options(req: ScanRequest, cfg: Config | None = None) -> tuple[ScanOptions, dict]:
    """Scan options and severity overrides from the request and the effective settings."""
    cfg = cfg or load_config(req)
    if "-" in req.paths and req.paths != ["-"]:
        raise UsageError("`-` (standard input) cannot be mixed with paths")
    ignore = list(cfg["ignore"])
    params: dict = {}
    severities: dict = {}
    if cfg["rules"]:
        from .config import rule_settings

        params, disabled, severities = rule_settings(cfg, _known_rules(cfg))
        ignore += disabled
    opts = ScanOptions(targets=req.paths, select=list(cfg["select"]), ignore=ignore,
                       exclude=list(cfg["exclude"]), extra_rule_dirs=list(cfg["rule_packs"]),
                       jobs=cfg["jobs"], kinds=list(cfg["kinds"]), rule_params=params,
                       check_selectors=True, keep_origin=req.fixing)
    if req.shard:
        from .partition import parse_shard

        try:
            opts.shard = parse_shard(req.shard)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if req.paths == ["-"]:
        from .discovery import read_limited

        try:
            opts.stdin_text = read_limited(sys.stdin.buffer)
        except (OSError, ValueError) as exc:  # too large, binary, not UTF-8: a finding
            opts.stdin_text, opts.stdin_error = "", _read_problem(exc)
        opts.stdin_kind = req.kind
        opts.stdin_filename = req.stdin_filename or "<stdin>"
    else:
        opts.force_kind = req.kind
    tf = dict(cfg["terraform"] or {})
    for f in tf.get("var_files") or []:
        if not Path(f).is_file():
            raise UsageError(f"Terraform variables file {f}: no such file")
    if tf:
        opts.kind_options["terraform"] = tf
    return opts, severities


def policy_for(req: ScanRequest, cfg: Config, options: ScanOptions, *, baseline: bool = True,
               diff: bool = True) -> Policy:
    exceptions = cfg.exceptions_path(req.paths)
    if exceptions is not None and not exceptions.is_file():
        if cfg.values["exceptions"].origin == "command line":
            raise SettingsError(str(exceptions), 0, "", "exceptions register not found")
        exceptions = None
    baseline_file = None
    if baseline and cfg["baseline"]:
        baseline_file = Path(cfg["baseline"])
        if not baseline_file.is_file():
            origin = cfg.values["baseline"].origin
            raise SettingsError(str(baseline_file), 0, "",
                                f"baseline not found (set by {origin}; create it with "
                                f"`iacgate baseline create --output {baseline_file}`)")
    return Policy(select=options.select, ignore=options.ignore, targets=req.paths,
                  rule_dirs=list(options.extra_rule_dirs),
                  exceptions_file=exceptions, baseline_file=baseline_file,
                  diff_base=req.diff_base if diff else None,
                  exceptions_max_days=cfg["exceptions_max_days"])


def execute(req: ScanRequest, *, baseline: bool = True, diff: bool = True,
            overlay: dict[str, str] | None = None, announce: bool = True
            ) -> tuple[ScanResult, Config]:
    """Scan and apply governance; raises UsageError/SettingsError (usage) or RuleError.
    `overlay` scans some files with other text than on disk (`fix --diff`); `announce`
    False keeps the notes and warnings of a scan that is repeated quiet."""
    from .governance import apply

    cfg = load_config(req)
    options, severities = build_options(req, cfg)
    if overlay:
        options.overlay = dict(overlay)
    policy = policy_for(req, cfg, options, baseline=baseline, diff=diff)
    bridge = checkov_settings(req, cfg)
    options.record_coverage = bridge.enabled
    if bridge.enabled:
        options.foreign_selectors = r"CKV\d?_[A-Z0-9]+(_\d+)?$"  # checkov ids go to the bridge
    try:
        result = _scan_with_progress(req, cfg, options)
    except UnknownSelector as exc:
        origin = cfg.values[exc.option].origin
        if origin not in ("command line", "default"):
            raise SettingsError(origin.rsplit(":", 1)[0], _int(origin.rsplit(":", 1)[-1]),
                                exc.option, f"{exc.token!r} matches no rule") from None
        raise
    if bridge.enabled:
        _run_checkov(result, bridge, options, req.verbose)
    if severities:
        for f in result.findings:
            if f.rule_id in severities:
                f.severity = Severity.parse(severities[f.rule_id])
        result.rules = [dataclasses.replace(r, severity=Severity.parse(severities[r.id]))
                        if r.id in severities else r for r in result.rules]
    if req.verbose and announce:
        for s in result.skipped:
            _say(f"skipped {s.path}: {s.message}")
        for n in result.notes:
            _say(f"note {n.path}{':' + str(n.line) if n.line else ''}: {n.message}")
    outcome = apply(result, policy)
    if not announce:
        return result, cfg
    for w in outcome.warnings:
        _say(f"iacgate: warning: {w.path}{':' + str(w.line) if w.line else ''}: {w.message}")
    if outcome.stale:
        _say(f"iacgate: note: {len(outcome.stale)} baseline entries match no finding any more "
             f"(fixed? re-create {outcome.baseline_file} to drop them):")
        for e in outcome.stale[:20]:
            _say(f"  {e['path']}:{e['line']} {e['rule']} {e['resource']}")
        if len(outcome.stale) > 20:
            click.echo(f"  ... and {len(outcome.stale) - 20} more (see the JSON report)", err=True)
    return result, cfg


def _read_problem(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})"
    return str(exc)


def _int(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 10 else 0


def checkov_settings(req: ScanRequest, cfg: Config):
    """The checkov bridge's settings; UsageError (exit 2) when it is asked for but checkov
    cannot run here, before anything is scanned."""
    from .bridges.checkov import settings as ck
    from .config import search_folders

    setting = cfg.values["checkov"]
    origin = setting.origin.rsplit(":", 1)[0]
    result = ck.resolve(setting.value, req.checkov, cfg.base,
                        search_folders([p for p in req.paths if p != "-"]), origin)
    if result.enabled:
        from .bridges.checkov import unavailable

        problem = unavailable()
        if problem:
            asked = "--checkov" if req.checkov else f"checkov.enabled ({setting.origin})"
            raise UsageError(f"{asked}: {problem}")
        if result.note:
            click.echo(f"iacgate: note: checkov settings from {result.note}", err=True)
    return result


def _run_checkov(result: ScanResult, bridge, options: ScanOptions, verbose: bool) -> None:
    from .bridges.checkov import apply

    var_files = (options.kind_options.get("terraform") or {}).get("var_files") or []
    report = apply(result, bridge, options.select, options.ignore, var_files, options.targets)
    result.bridges["checkov"] = report
    result.notes.extend(report.warnings)
    for w in report.warnings:
        click.echo(f"iacgate: warning: {w.path}{':' + str(w.line) if w.line else ''}: {w.message}",
                   err=True)
    if verbose:
        for line in report.log:
            click.echo(f"note checkov: {line}", err=True)


def _scan_with_progress(req: ScanRequest, cfg: Config, options: ScanOptions) -> ScanResult:
    """The scan, with a progress line on stderr where a person watches a long one."""
    from .progress import Progress, wanted

    outputs = [_report_spec(o) for o in cfg["outputs"]] or [("text", None)]
    if not wanted(req.progress, outputs, sys.stderr, sys.stdout):
        return scan(options)
    meter = Progress(sys.stderr)
    options.progress = meter
    with meter:
        return scan(options)


def _guarded(fn, *args, **kw):
    """Run `fn`, turning command line, configuration and rule pack problems into exit codes.
    Only those: any other error inside the scan is iacgate's own defect (exit 3), never a
    usage error, and a problem in a scanned file is a finding long before it gets here."""
    from .governance.diff import DiffError

    try:
        return fn(*args, **kw), None
    except (UsageError, SettingsError, DiffError) as exc:
        _error(str(exc))
        return None, EXIT_USAGE
    except RuleError as exc:
        _error(f"rule pack: {exc}")
        return None, EXIT_INTERNAL


def run_scan(req: ScanRequest) -> int:
    got, code = _guarded(execute, req)
    if code is not None:
        return code
    result, cfg = got
    fail_on = Severity.parse(cfg["fail_on"])
    outputs = [_report_spec(o) for o in cfg["outputs"]] or [("text", None)]
    code = _emit(result, outputs, fail_on, origin=cfg.values["outputs"].origin, color=req.color,
                 show_unknown=cfg["show_unknown"], show_waived=req.show_waived, verbose=req.verbose)
    if code is not None:
        return code
    _say(summary_line(result, fail_on))
    return EXIT_FINDINGS if failing(result.findings, fail_on) else EXIT_OK


def _emit(result, outputs: list[tuple[str, str | None]], fail_on: Severity, *, origin: str,
          color: bool | None, show_unknown: bool, show_waived: bool, verbose: bool) -> int | None:
    """Render every asked report (one on stdout at most); EXIT_USAGE when one cannot be."""
    from . import __version__

    if sum(1 for _, d in outputs if d is None) > 1:
        _error(f"outputs ({origin}): only one report can go to standard output; give the others a file")
        return EXIT_USAGE
    for fmt, dest in outputs:
        colored = color if color is not None else (dest is None and sys.stdout.isatty())
        settings = ReportSettings(fail_on=fail_on, color=bool(colored and fmt == "text"),
                                  show_unknown=show_unknown, show_waived=show_waived,
                                  verbose=verbose, tool_version=__version__, today=_today())
        text = renderer(fmt)(result, settings)
        if dest is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            try:
                Path(dest).parent.mkdir(parents=True, exist_ok=True)
                Path(dest).write_text(text, encoding="utf-8")
            except OSError as exc:
                _error(f"cannot write {dest}: {exc.strerror or exc}")
                return EXIT_USAGE
    return None


def run_merge(reports: list[str], outputs: list[tuple[str, str | None]], rule_dirs: list[str],
              color: bool | None = None, show_waived: bool = False) -> int:
    """`iacgate merge`: the shards' JSON reports joined, rendered, and the gate decided as
    the unsharded scan would have decided it."""
    from .merge import MergeError, merge

    try:
        result, fail_on = merge(reports, rule_dirs)
    except MergeError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except RuleError as exc:
        _error(f"rule pack: {exc}")
        return EXIT_INTERNAL
    code = _emit(result, outputs or [("text", None)], fail_on, origin="command line", color=color,
                 show_unknown=False, show_waived=show_waived, verbose=False)
    if code is not None:
        return code
    _say(summary_line(result, fail_on))
    return EXIT_FINDINGS if failing(result.findings, fail_on) else EXIT_OK


def _today():
    from .governance.exceptions import today

    return today()


def _report_spec(spec: str) -> tuple[str, str | None]:
    """"sarif=out.sarif" (or "sarif:out.sarif") -> ("sarif", "out.sarif"); "text" -> ("text", None)."""
    name, sep, dest = spec.partition("=")
    if not sep:
        name, sep, dest = spec.partition(":")
    return name, dest or None


def run_baseline_create(req: ScanRequest, output: str | None) -> int:
    """Record today's active findings so that later scans fail only on new ones.
    Without --output: the config's `baseline`, else .iacgate-baseline.json."""
    from . import __version__
    from .governance import baseline

    got, code = _guarded(execute, req, baseline=False, diff=False)
    if code is not None:
        return code
    result, cfg = got
    output = output or cfg["baseline"] or ".iacgate-baseline.json"
    doc = baseline.create(result.findings, Path(output), __version__)
    try:
        Path(output).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        _error(f"cannot write {output}: {exc.strerror or exc}")
        return EXIT_USAGE
    skipped = sum(1 for f in result.findings if f.rule_id == "IAC001")
    click.echo(f"iacgate: baseline {display_path(output)}: {len(doc['findings'])} findings recorded"
               + (f" ({skipped} parse errors not recorded: fix those files)" if skipped else ""),
               err=True)
    return EXIT_OK


def run_config_show(req: ScanRequest) -> int:
    from .config import show

    cfg, code = _guarded(load_config, req)
    if code is not None:
        return code
    if cfg["rules"]:
        from .config import rule_settings

        _, code = _guarded(lambda: rule_settings(cfg, _known_rules(cfg)))
        if code is not None:
            return code
    sys.stdout.write(show(cfg))
    return EXIT_OK


def run_init(folder: str, exceptions: bool) -> int:
    from .config import init

    got, code = _guarded(init, Path(folder), exceptions)
    if code is not None:
        return code
    written, kept = got
    for path in written:
        _say(f"iacgate: wrote {display_path(path)}")
    for path in kept:
        _say(f"iacgate: kept {display_path(path)} (it already exists)")
    return EXIT_OK


def run_exceptions_list(req: ScanRequest, fmt: str) -> int:
    """Print the exceptions register with owners and expiry status; 1 if any expired."""
    from .governance import exceptions

    def listing() -> tuple[str, bool]:
        cfg = load_config(req)
        path = cfg.exceptions_path(req.paths)
        if path is None or not path.is_file():
            raise SettingsError(str(path or cfg["exceptions"]), 0, "", "no exceptions register "
                                "(create one with `iacgate init --exceptions`)")
        register = exceptions.load(path, display_path(path))
        on = exceptions.today()
        return exceptions.listing(register, on, fmt), any(e.expires < on for e in register.entries)

    got, code = _guarded(listing)
    if code is not None:
        return code
    text, expired = got
    if fmt == "text":  # reasons and owners are free text from a file
        text = "\n".join(printable(line) for line in text.split("\n"))
    sys.stdout.write(text)
    return EXIT_FINDINGS if expired else EXIT_OK


def run_cache(action: str) -> int:
    """`iacgate cache clear|info`: the parse cache is only ever an optimisation."""
    from .parsers import tfcache

    if action == "clear":
        files, size = tfcache.clear()
        click.echo(f"iacgate: cache {tfcache.root()}: removed {files} files ({size / 1048576:.1f} MiB)",
                   err=True)
        return EXIT_OK
    entries, size = tfcache.usage()
    state = "on" if tfcache.enabled() else "off (IACGATE_NO_CACHE)"
    sys.stdout.write(f"cache: {tfcache.root()}\nstate: {state}\nentries: {entries}\n"
                     f"size: {size / 1048576:.1f} MiB\ncap: {tfcache.cap_bytes() / 1048576:.1f} MiB "
                     "(IACGATE_CACHE_MB)\n")
    return EXIT_OK


def run_fix(req: ScanRequest, show_diff: bool, unsafe: bool) -> int:
    """Fix what can be fixed, then decide the gate on what the files are after the fixes
    (with --diff nothing is written, and the gate is decided on the fixed text)."""
    from .fix import runner

    if "-" in req.paths:
        _error("fix edits files: standard input (`-`) cannot be fixed")
        return EXIT_USAGE
    req.fixing = True
    got, code = _guarded(execute, req, announce=False)
    if code is not None:
        return code
    result, cfg = got
    _, code = _guarded(lambda: build_options(req, cfg))
    if code is not None:
        return code
    options, _ = build_options(req, cfg)
    run = runner.fix_findings(result, options, unsafe)
    listing = runner.listing(run)
    if show_diff:
        sys.stdout.write(runner.unified_diff(run))
        click.echo(listing, err=True, nl=False)
    else:
        failed = runner.write(run)
        sys.stdout.write(listing)
        for problem in failed:
            _error(f"cannot write {problem}")
        if failed:
            return EXIT_USAGE
    click.echo(runner.summary(run, unsafe, written=not show_diff), err=True)
    got, code = _guarded(execute, req, overlay=runner.overlay(run) if show_diff else None)
    if code is not None:
        return code
    final, cfg = got
    fail_on = Severity.parse(cfg["fail_on"])
    if not show_diff and final.findings:
        from . import __version__

        color = req.color if req.color is not None else sys.stdout.isatty()
        settings = ReportSettings(fail_on=fail_on, color=bool(color), show_unknown=cfg["show_unknown"],
                                  verbose=req.verbose, tool_version=__version__)
        sys.stdout.write(renderer("text")(final, settings))
    click.echo(summary_line(final, fail_on), err=True)
    return EXIT_FINDINGS if failing(final.findings, fail_on) else EXIT_OK

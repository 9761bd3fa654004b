"""parse -> select rules -> evaluate -> findings.

The engine knows file kinds only through `linter.kinds` and rules only through their
target and condition. It turns hits (located nodes) into findings with locations and
fingerprints; it never computes a line number from text.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .conditions import evaluate
from .diagnostics import ENGINE_RULES
from .discovery import SourceFile, discover
from .kinds import Parsed, kind_module
from .model import (
    DeclaredWaiver,
    Diagnostic,
    Document,
    Finding,
    Hit,
    Location,
    Map,
    Seq,
    Severity,
    Span,
    Subject,
    Unknown,
    UsageError,
    Waiver,
)
from .parsers import ParseError, TemplateError
from .paths import display_path
from .rules import Rule, RuleIndex, load_rules, select_rules, unmatched

PARALLEL_MIN_FILES = 400
SHARES_PER_WORKER = 4  # shares handed out one at a time: small enough to even out the cores


@dataclass
class ScanOptions:
    targets: list[str] = field(default_factory=lambda: ["."])
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    extra_rule_dirs: list[str] = field(default_factory=list)
    rule_params: dict[str, dict] = field(default_factory=dict)
    kind_options: dict[str, Any] = field(default_factory=dict)
    stdin_text: str | None = None
    stdin_error: str | None = None  # standard input could not be read (a finding)
    stdin_kind: str | None = None
    force_kind: str | None = None
    stdin_filename: str = "<stdin>"
    jobs: int = 0
    # Findings keep the subject they were found on (`fix` edits it). Without it, a parallel
    # scan's workers send back only the findings, not the parsed files behind them.
    keep_origin: bool = True
    kinds: list[str] = field(default_factory=list)  # only files of these kinds (empty: all)
    check_selectors: bool = False  # a select/ignore token naming no rule is a UsageError
    shard: tuple[int, int] | None = None  # (K, N): only part K of N (see linter.partition)
    # --select/--ignore tokens that name checks of a bridged engine (run after the scan), so
    # matching no native rule is not a typo there; a regular expression, "" for none
    foreign_selectors: str = ""
    overlay: dict[str, str] = field(default_factory=dict)  # absolute path -> text to scan instead
    # told ("parse", files parsed, of files) and ("rules", rule checks run, 0) as the scan
    # goes, for a progress line; it must be cheap (it is called per file and per subject)
    progress: Callable[[str, int, int], None] | None = None
    # remember where rules naming checkov checks ran (ScanResult.covered), for the bridge
    record_coverage: bool = False


@dataclass
class Unresolved:
    """A rule that could not decide because a value is unknown (`--show-unknown`)."""

    rule_id: str
    location: Location
    resource: str
    expr: str


@dataclass
class ScanResult:
    findings: list[Finding]
    rules: list[Rule]
    files: list[str]
    sources: dict[str, str]
    skipped: list[Diagnostic]
    unknowns: list[Unresolved]
    notes: list[Diagnostic] = field(default_factory=list)
    governance: Any = None  # what waivers, baseline and diff filter did (linter.governance)
    declared_waivers: list[DeclaredWaiver] = field(default_factory=list)  # written in the data
    processes: int = 1  # how many processes ran the pipeline (large scans use every core)
    shard: tuple[int, int] | None = None  # (K, N) when only part K of N was scanned
    # where rules that name the checkov checks they cover ran, by file: (first line, last
    # line, rule id); a bridge drops checkov results that a native rule already decided
    covered: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # display path -> kind, scanned files
    bridges: dict[str, Any] = field(default_factory=dict)  # optional engines' reports (checkov)


def fingerprint(rule_id: str, path: str, resource: str, attr: str) -> str:
    """Stable across line moves: rule + file + resource + attribute path."""
    raw = "\x1f".join((rule_id, path, resource, attr))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def locate(hit: Hit, subject: Subject) -> Location:
    node, key = hit.node, hit.key
    span: Span | None = hit.span
    if span is not None:
        pass
    elif key is not None and isinstance(node, Map):
        span = node.key_spans.get(key)
    elif key is not None and isinstance(node, Seq) and isinstance(key, int):
        if -len(node.item_spans) <= key < len(node.item_spans):
            span = node.item_spans[key]
    if span is None:
        span = getattr(node, "span", None)
    file = (span.file if span is not None and span.file else None) or getattr(node, "file", None)
    if span is None:
        span = getattr(subject.node, "span", None) or Span(1, 1, 1, 1)
        file = file or getattr(subject.node, "file", None)
    path = display_path(file or subject.path)
    line = max(1, span.line)
    end_line = max(line, span.end_line)
    column = max(1, span.column)
    end_column = max(1, span.end_column)
    if end_line == line and end_column < column:
        end_column = column
    return Location(path, line, column, end_line, end_column)


def _unknown_text(hit: Hit) -> str:
    """What could not be evaluated and why (the Unknown value's own reason, if any)."""
    text = str(hit.values.get("value", ""))
    value = None
    if hit.key is not None and isinstance(hit.node, (dict, list)):
        try:
            value = hit.node[hit.key]
        except (KeyError, IndexError, TypeError):
            value = None
    if not isinstance(value, Unknown):
        return text
    text = text or value.expr
    return f"{text}: {value.reason}" if value.reason and value.reason not in text else text


def _message(rule: Rule, subject: Subject, hit: Hit) -> str:
    values = _Defaults(resource=subject.resource, type=subject.type)
    values.update(subject.context.get("values", {}))  # e.g. the container's name
    values.update(hit.values)
    try:
        text = rule.message.format_map(values)
    except (ValueError, IndexError, AttributeError):
        text = rule.message
    return text


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _trim_cache(parallel: bool) -> None:
    """Keep the parse cache under its cap (parallel workers stored what this process
    cannot count)."""
    from .parsers import tfcache

    if tfcache.enabled():
        tfcache.trim(force=parallel)


class ReadDefect(ParseError):
    """A reader failed on a file in a way it did not foresee: iacgate's defect, reported as
    IAC007 at the file (the file was not checked) while the scan goes on."""


def _parse_file(kind: str, path: str, text: str) -> tuple[Parsed | None, ParseError | None]:
    try:
        return kind_module(kind).parse(path, text), None
    except ParseError as exc:
        return None, exc
    except RecursionError:
        return None, ParseError("nesting is too deep to read", 0, 0)
    except MemoryError:
        return None, ParseError("file is too large to read within memory", 0, 0)
    except Exception as exc:  # noqa: BLE001 - one file must never end the scan
        return None, ReadDefect(f"could not be read ({_defect(exc)})", 0, 0)


def _defect(exc: BaseException) -> str:
    text = str(exc)
    text = text if len(text) <= 200 else text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _parse_job(args: tuple[str, str, str]) -> tuple[Parsed | None, ParseError | None]:
    return _parse_file(*args)


def _parse_all(files: list[SourceFile], jobs: int, progress: Callable | None = None
               ) -> list[tuple[Parsed | None, ParseError | None]]:
    work = [(f.kind, str(f.path), f.text or "") for f in files]
    tell = progress or (lambda *_: None)
    tell("parse", 0, len(work))
    if jobs != 1 and len(work) >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1:
        from concurrent.futures import ProcessPoolExecutor

        workers = jobs or min(os.cpu_count() or 1, 8)
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = []
                for result in pool.map(_parse_job, work, chunksize=32):
                    results.append(result)
                    tell("parse", len(results), len(work))
                return results
        except (OSError, RuntimeError, ImportError):
            pass
    results = []
    for w in work:
        results.append(_parse_file(*w))
        tell("parse", len(results), len(work))
    return results


def _engine_finding(rule_id: str, path: str, message: str, line: int, column: int,
                    attr: str = "") -> Finding:
    rule = ENGINE_RULES[rule_id]
    line = max(1, line)
    column = max(1, column)
    loc = Location(display_path(path), line, column, line, column)
    return Finding(rule.id, rule.name, rule.severity, rule.confidence, message,
                   rule.remediation, loc, "", attr,
                   fingerprint(rule.id, loc.path, "", attr or message), kind="",
                   tags=rule.tags)


@dataclass
class _Part:
    """What one part of a scan (one process's share of the units) found."""

    findings: list[Finding]
    sources: dict[str, str]
    skipped: list[Diagnostic]
    unknowns: list[Unresolved]
    notes: list[Diagnostic]
    declared: list[DeclaredWaiver]
    covered: dict[str, list[tuple[int, int, str]]]


def _scan_part(files: list[SourceFile], rules: list[Rule], engine_selected: set[str],
               options: ScanOptions, jobs: int, progress: Callable | None = None) -> _Part:
    """Parse, evaluate and check some files: the whole scan, or one process's share."""
    findings: list[Finding] = []
    sources: dict[str, str] = {}
    skipped: list[Diagnostic] = []
    docs_by_kind: dict[str, list[Document]] = defaultdict(list)
    for source, (parsed, error) in zip(files, _parse_all(files, jobs, progress)):
        path = str(source.path)
        sources[display_path(path)] = source.text or ""
        if isinstance(error, TemplateError):
            skipped.append(Diagnostic(display_path(path), error.message, error.line))
            continue
        if isinstance(error, ReadDefect):
            findings.append(_engine_finding("IAC007", path, error.message, 1, 1))
            continue
        if error is not None:
            findings.append(_engine_finding("IAC001", path, error.message, error.line, error.column))
            continue
        assert parsed is not None
        docs_by_kind[source.kind].extend(parsed.documents)
        for doc in parsed.documents:  # text of files a document maps back to (Helm templates)
            for other, other_text in doc.meta.get("sources", {}).items():
                sources.setdefault(display_path(other), other_text)
        for problem in parsed.problems:
            findings.append(_engine_finding(problem.rule_id, path, problem.message,
                                            problem.line, problem.column, problem.attr))
    findings = [f for f in findings if f.rule_id in engine_selected]
    unknowns: list[Unresolved] = []
    notes: list[Diagnostic] = []
    declared: list[DeclaredWaiver] = []
    index = RuleIndex(rules)
    # each rule's parameters with the configuration's values, merged once (a check runs
    # thousands of times and must not change the dict it is given)
    params = {r.id: {**r.params, **options.rule_params.get(r.id, {})} for r in rules}
    covered: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    checks = 0
    problems: list[tuple[str, Any]] = []
    for kind, docs in docs_by_kind.items():
        kind_opts = dict(options.kind_options.get(kind, {}))
        kind_opts["notes"] = notes
        kind_opts["declared_waivers"] = declared
        kind_opts["problems"] = problems
        for subject in _subjects(kind, docs, kind_opts, findings):
            covering: list[str] = []
            for rule in index.for_subject(subject.kind, subject.level, subject.type):
                _apply(rule, subject, params[rule.id], findings, unknowns)
                if rule.checkov and options.record_coverage:
                    covering.append(rule.id)
                checks += 1
            if covering:
                _note_coverage(covering, subject, covered)
            if progress is not None:
                progress("rules", checks, 0)
    for path, problem in problems:
        if problem.rule_id in engine_selected:
            findings.append(_engine_finding(problem.rule_id, path, problem.message,
                                            problem.line, problem.column, problem.attr))
    return _Part(findings, sources, skipped, unknowns, notes, declared, dict(covered))


# Set before worker processes fork, so that rules (whose checks are loaded from files)
# and options never need to be pickled; each worker gets only the index of its share.
_FORK_STATE: tuple | None = None


def _scan_share(index: int) -> _Part:
    assert _FORK_STATE is not None
    shares, rules, engine_selected, options, counts = _FORK_STATE
    progress = None
    if counts is not None:  # this worker's slots: (files parsed, rule checks), read by the parent

        def progress(stage: str, done: int, _total: int, slot: int = 2 * index) -> None:
            counts[slot if stage == "parse" else slot + 1] = done

    part = _scan_part(shares[index], rules, engine_selected, options, jobs=1, progress=progress)
    if not options.keep_origin:
        for finding in part.findings:
            finding.origin = None
    own = {display_path(str(f.path)) for f in shares[index]}
    part.sources = {k: v for k, v in part.sources.items() if k not in own}  # the parent has them
    return part


def _workers(options: ScanOptions) -> int:
    if options.jobs == 1:
        return 1
    return max(1, options.jobs or min(os.cpu_count() or 1, 8))


def _run_shares(shares: list[list[SourceFile]], rules: list[Rule], engine_selected: set[str],
                options: ScanOptions, total: int, workers: int) -> list[_Part]:
    """The shares on `workers` forked processes, each taking the next share when it is done.
    A worker that dies or returns what cannot be read back raises here (BrokenProcessPool,
    never a hang), and the caller scans in this process."""
    global _FORK_STATE
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, wait

    context = multiprocessing.get_context("fork")
    tell = options.progress
    counts = context.RawArray("q", 2 * len(shares)) if tell is not None else None
    _FORK_STATE = (shares, rules, engine_selected, options, counts)
    with ProcessPoolExecutor(min(workers, len(shares)), mp_context=context) as pool:
        futures = [pool.submit(_scan_share, i) for i in range(len(shares))]
        pending = set(futures)
        while pending:  # with a progress line, wake up now and then to pass the counts on
            _, pending = wait(pending, timeout=0.2 if counts is not None else None)
            if counts is not None:
                tell("parse", sum(counts[0::2]), total)
                checks = sum(counts[1::2])
                if checks:
                    tell("rules", checks, 0)
        return [f.result() for f in futures]


def _run_parts(files: list[SourceFile], rules: list[Rule], engine_selected: set[str],
               options: ScanOptions) -> tuple[list[_Part], int]:
    """Large scans of several units run the whole pipeline (parse, evaluate, rules) in one
    process per core, units dealt by size; small scans (pre-commit) stay in this process."""
    global _FORK_STATE
    workers = _workers(options)
    if workers > 1 and len(files) >= PARALLEL_MIN_FILES:
        from . import partition

        groups = partition.units(files)
        biggest = max((partition.size(u) for u in groups), default=0)
        total = sum(partition.size(u) for u in groups) or 1
        if len(groups) > 1 and biggest < 0.75 * total:
            # More shares than workers, heaviest first: a worker that finishes early takes
            # the next share, so a slow unit does not leave the other cores idle.
            dealt = [d for d in partition.deal(workers * SHARES_PER_WORKER, groups) if d]
            dealt.sort(key=lambda d: -sum(partition.size(u) for u in d))
            shares = [[f for unit in share for f in unit] for share in dealt]
            try:
                parts = _run_shares(shares, rules, engine_selected, options, len(files), workers)
                return parts, min(workers, len(shares))
            except Exception:  # noqa: BLE001 - a failed worker never loses the scan: run here
                if os.environ.get("IACGATE_RULE_ERRORS") == "raise":
                    raise
            finally:
                _FORK_STATE = None
    return [_scan_part(files, rules, engine_selected, options, options.jobs, options.progress)], 1


def scan(options: ScanOptions) -> ScanResult:
    """Run a whole scan and return findings plus what was skipped or unknown (on a deep
    stack: nesting a user wrote is evaluated, see linter.deepstack)."""
    from .collector import rarer_collections
    from .deepstack import call

    with rarer_collections():
        return call(lambda: _scan(options))


def _scan(options: ScanOptions) -> ScanResult:
    if options.stdin_error is not None:
        files: list[SourceFile] = []
        skipped: list[Diagnostic] = []
        read_errors = [(Path(options.stdin_filename), options.stdin_error)]
    elif options.stdin_text is not None:
        kind = options.stdin_kind
        if kind is None:
            from .discovery import classify_by_path, classify_text

            name = Path(options.stdin_filename)
            kind = classify_by_path(name) or classify_text(name, options.stdin_text)[0]
        if kind is None:
            raise UsageError("cannot tell the kind of standard input: pass --kind")
        files = [SourceFile(Path(options.stdin_filename), kind, options.stdin_text)]
        skipped = []
        read_errors = []
    else:
        found = discover(options.targets, options.exclude, options.force_kind, options.overlay)
        files = found.files
        skipped = [Diagnostic(display_path(s.path), s.reason) for s in found.skipped]
        read_errors = found.errors
    if options.kinds:
        skipped += [Diagnostic(display_path(f.path), f"kind {f.kind} is not selected")
                    for f in files if f.kind not in options.kinds]
        files = [f for f in files if f.kind in options.kinds]
    if options.shard is not None:
        from . import partition

        files, read_errors, skipped = partition.shard(options.shard, files, read_errors, skipped)
    kinds = sorted({f.kind for f in files})
    loaded = load_rules([Path(d) for d in options.extra_rule_dirs], kinds or [])
    if options.check_selectors:
        _check_selectors(loaded, options)
    rules = select_rules(loaded, options.select, options.ignore)
    engine_selected = {r.id for r in select_rules(list(ENGINE_RULES.values()), options.select,
                                                  options.ignore)}
    if "IAC001" not in options.ignore:
        engine_selected.add("IAC001")  # a broken file must never look clean
    findings: list[Finding] = []
    sources: dict[str, str] = {}
    for path, reason in read_errors:
        findings.append(_engine_finding("IAC001", str(path), f"cannot read file: {reason}", 1, 1))
    findings = [f for f in findings if f.rule_id in engine_selected]
    unknowns: list[Unresolved] = []
    notes: list[Diagnostic] = []
    declared: list[DeclaredWaiver] = []
    covered: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for source in files:
        sources[display_path(str(source.path))] = source.text or ""
    parts, processes = _run_parts(files, rules, engine_selected, options)
    if "terraform" in kinds:
        _trim_cache(parallel=processes > 1 or len(files) >= PARALLEL_MIN_FILES)
    for part in parts:
        findings += part.findings
        sources.update(part.sources)
        skipped += part.skipped
        unknowns += part.unknowns
        notes += part.notes
        declared += part.declared
        for path, spans in part.covered.items():
            covered[path].extend(spans)
    findings = _distinct(findings)
    unknowns = list({(u.rule_id, u.location, u.resource, u.expr): u for u in unknowns}.values())
    # One order and one spelling of paths, whichever process or share a note came from.
    notes = sorted({(display_path(n.path), n.line, n.message) for n in notes})
    notes = [Diagnostic(path, message, line) for path, line, message in notes]
    findings.sort(key=lambda f: (f.path, f.line, f.location.column, f.rule_id))
    _add_referenced_sources(findings, sources)
    return ScanResult(findings, rules, [display_path(f.path) for f in files], sources,
                      skipped, unknowns, notes, declared_waivers=declared, covered=dict(covered),
                      kinds={display_path(f.path): f.kind for f in files},
                      processes=processes, shard=options.shard)


def _note_coverage(rule_ids: list[str], subject: Subject, covered: dict[str, list]) -> None:
    """Remember the lines of the resource (object, job) these rules evaluated, found or not."""
    path = display_path(getattr(subject.node, "file", None) or subject.path)
    lines = _scope(subject, path)
    if lines is not None:
        covered[path].extend((lines[0], lines[1], rule_id) for rule_id in rule_ids)


def _subjects(kind: str, docs: list[Document], opts: dict, findings: list[Finding]) -> list[Subject]:
    """Every subject of one kind; a failure is isolated to the unit it happened in (a
    Terraform module folder, else a file): that unit is an IAC007 finding (nesting too
    deep to evaluate: IAC001) and every other unit is still checked."""
    module = kind_module(kind)
    marks = {k: len(opts[k]) for k in ("notes", "declared_waivers", "problems")}
    try:
        return list(module.subjects(docs, opts))
    except Exception:  # noqa: BLE001 - narrowed below, unit by unit
        for k, n in marks.items():
            del opts[k][n:]
    unit_of = getattr(module, "unit_of", lambda doc: doc.path)
    units: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        units[unit_of(doc)].append(doc)
    out: list[Subject] = []
    for unit, unit_docs in units.items():
        marks = {k: len(opts[k]) for k in ("notes", "declared_waivers", "problems")}
        try:
            out.extend(module.subjects(unit_docs, opts))
        except Exception as exc:  # noqa: BLE001 - one file or module must never end the scan
            for k, n in marks.items():
                del opts[k][n:]
            path = unit_docs[0].path
            what = f"module {display_path(unit)}" if unit != path else "file"
            if isinstance(exc, RecursionError):
                findings.append(_engine_finding(
                    "IAC001", path, f"{what}: nesting or references too deep to evaluate", 1, 1))
            else:
                findings.append(_engine_finding(
                    "IAC007", path, f"{what} could not be evaluated ({_defect(exc)})", 1, 1,
                    attr=f"evaluate:{unit}"))
    return out


class UnknownSelector(UsageError):
    """A --select/--ignore token that names no rule: a typo would otherwise run nothing."""

    def __init__(self, option: str, token: str) -> None:
        super().__init__(f"{option} {token!r} matches no rule (an id, name, id prefix, pack, "
                         "tag:TAG or kind:KIND; see `iacgate rules list`)")
        self.option, self.token = option, token


def _check_selectors(loaded: list[Rule], options: ScanOptions) -> None:
    """Every selector names some rule; all rules are loaded only when one names none of
    the rules of the kinds being scanned (the common case costs nothing)."""
    engine = list(ENGINE_RULES.values())
    kinds = {"kind:" + k for k in ("terraform", "kubernetes", "github-actions", "gitlab-ci", "any")}
    foreign = re.compile(options.foreign_selectors) if options.foreign_selectors else None
    for option, tokens in (("select", options.select), ("ignore", options.ignore)):
        left = [t for t in unmatched(loaded + engine, tokens) if t.strip() not in kinds
                and not (foreign and foreign.match(t.strip()))]
        if left:
            every = load_rules([Path(d) for d in options.extra_rule_dirs]) + engine
            left = unmatched(every, left)
        if left:
            raise UnknownSelector(option, left[0].strip())


def _add_referenced_sources(findings: list[Finding], sources: dict[str, str]) -> None:
    """Files a kind read on its own (a pipeline's local includes) and that findings point
    into: their text gives code frames and inline suppressions like any scanned file."""
    from .discovery import read_text

    for path in {f.path for f in findings} - set(sources):
        if path.startswith("<"):
            continue
        try:
            sources[path] = read_text(Path(path))
        except (OSError, UnicodeDecodeError, ValueError):
            continue


_INDEXES = re.compile(r"\[\d+\]")


def _distinct(findings: list[Finding]) -> list[Finding]:
    """One rule finding per rule, place, resource and attribute (list positions aside).
    A kind may present several instances of one block as subjects with the same address
    (Terraform count/for_each, a module called from several roots), or several items
    written once (a dynamic block's generated blocks); the most confident is kept."""
    rank = {"low": 0, "medium": 1, "high": 2}
    index: dict[tuple, int] = {}
    out: list[Finding] = []
    for f in findings:
        if not f.kind:
            out.append(f)
            continue
        key = (f.rule_id, f.location, f.resource, _INDEXES.sub("[]", f.attr))
        i = index.get(key)
        if i is None:
            index[key] = len(out)
            out.append(f)
        elif rank.get(f.confidence, 0) > rank.get(out[i].confidence, 0):
            out[i] = f
    return out


def _apply(rule: Rule, subject: Subject, params: dict, findings: list[Finding],
           unknowns: list[Unresolved]) -> None:
    if rule.match is not None:
        try:
            state, hits = evaluate(rule.match, subject.node)
        except Exception as exc:  # noqa: BLE001 - one rule's defect must not stop the scan
            if os.environ.get("IACGATE_RULE_ERRORS") == "raise":
                raise
            _rule_error(rule, subject, exc, findings)
            return
        if state is not True:
            hits = [h for h in hits if h.unknown] if state is None else []
    else:
        check = rule.check  # a check file that does not import stops the scan (exit 3)
        try:
            hits = list(check(subject, params) or ())
        except Exception as exc:  # noqa: BLE001 - one rule's defect must not stop the scan
            if os.environ.get("IACGATE_RULE_ERRORS") == "raise":
                raise  # the test suite: a crashing rule fails loudly, never passes as quiet
            _rule_error(rule, subject, exc, findings)
            return
    seen: set[tuple] = set()
    for hit in hits:
        loc = locate(hit, subject)
        if hit.unknown:
            unknowns.append(Unresolved(rule.id, loc, subject.resource, _unknown_text(hit)))
            if rule.on_unknown != "report":
                continue
        key = (loc.path, loc.line, loc.column, hit.attr, hit.unknown)
        if key in seen:
            continue
        seen.add(key)
        attr = hit.attr
        base = subject.context.get("attr")
        if base and not attr.startswith(base):
            attr = f"{base}.{attr}" if attr else base
        message = _message(rule, subject, hit)
        confidence = hit.confidence or rule.confidence
        if hit.unknown:
            confidence = "low"
            message = f"{message} (value not known statically: {hit.values.get('value', '')})"
        severity = rule.severity
        if hit.severity:
            severity = min(severity, Severity.parse(hit.severity))
        finding = Finding(
            rule.id, rule.name, severity, confidence, message, rule.remediation, loc,
            subject.resource, attr, fingerprint(rule.id, loc.path, subject.resource, attr),
            kind=rule.kind, tags=rule.tags, scope=_scope(subject, loc.path), unknown=hit.unknown,
            origin=(subject, hit))
        reason = subject.context.get("waivers", {}).get(rule.id)
        if reason and rule.suppressible:
            finding.waiver = Waiver("inline", reason)
        findings.append(finding)


def _rule_error(rule: Rule, subject: Subject, exc: BaseException, findings: list[Finding]) -> None:
    span = getattr(subject.node, "span", None)
    findings.append(_engine_finding(
        "IAC006", getattr(subject.node, "file", None) or subject.path,
        f"rule {rule.id} could not evaluate {subject.resource}: {_defect(exc)}",
        span.line if span else 1, span.column if span else 1,
        attr=f"{rule.id}:{subject.resource}"))


_SCOPE_KEYS = ("scope", "object", "job")  # context entries naming the enclosing resource


def _scope(subject: Subject, path: str) -> tuple[int, int] | None:
    """Lines of the resource (object, job) holding the subject in the finding's file,
    else of the subject's own block, when known: diff mode keeps findings of changed ones."""
    best: tuple[int, int] | None = None
    for node in [subject.node] + [subject.context.get(k) for k in _SCOPE_KEYS]:
        span = getattr(node, "span", None)
        if span is None or display_path(span.file or getattr(node, "file", None)
                                        or subject.path) != path:
            continue
        lines = (span.line, max(span.line, span.end_line))
        if best is None or (lines[0] <= best[0] and lines[1] >= best[1]):
            best = lines
    return best

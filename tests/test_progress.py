"""The progress line: for a person at a terminal watching a long scan, and nowhere else."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_governance_support import BUCKETS_TF, pack_fixture, run, write  # noqa: F401

from linter.progress import CI_VARIABLES, Progress, wanted

PROGRESS = re.compile(r"\r\x1b\[Kiacgate: (finding files|\d+/\d+ files parsed, [\d,]+ rule checks), \d+\.\ds")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_shown_only_to_a_person_at_a_terminal():
    tty, pipe, quiet = Tty(), io.StringIO(), {}
    assert wanted(None, [("text", None)], tty, tty, quiet)
    assert wanted(None, [("sarif", "r.sarif"), ("html", "r.html")], tty, pipe, quiet)  # reports in files
    assert not wanted(None, [("text", None)], pipe, tty, quiet)  # stderr piped or redirected
    assert not wanted(None, [("text", None)], tty, pipe, quiet)  # `iacgate scan . | less`
    assert not wanted(None, [("json", None)], tty, tty, quiet)  # a machine format on stdout
    assert not wanted(None, [("sarif", None)], tty, pipe, quiet)
    for name in ("CI", "GITLAB_CI", "GITHUB_ACTIONS"):
        assert name in CI_VARIABLES
        assert not wanted(None, [("text", None)], tty, tty, {name: "true"})
    assert not wanted(None, [("text", None)], tty, tty, {"TERM": "dumb"})
    assert wanted(True, [("json", None)], pipe, pipe, {"CI": "true"})  # --progress
    assert not wanted(False, [("text", None)], tty, tty, quiet)  # --no-progress


def test_line_says_files_rules_and_time_and_waits_a_second():
    now = [100.0]
    stream = Tty()
    meter = Progress(stream, delay=1.0, clock=lambda: now[0])
    meter("parse", 3, 10)
    now[0] = 100.5
    meter.draw()
    assert stream.getvalue() == ""  # a quick scan shows nothing
    now[0] = 101.25
    meter("parse", 10, 10)
    meter("rules", 12345, 0)
    meter.draw()
    assert stream.getvalue() == "\r\033[Kiacgate: 10/10 files parsed, 12,345 rule checks, 1.2s (running rules)"
    meter.__exit__(None, None, None)
    assert stream.getvalue().endswith("\r\033[K")  # the line is wiped before the summary


def test_forced_with_the_flag_and_off_by_default_in_a_pipe(pack, monkeypatch):
    monkeypatch.setenv("IACGATE_PROGRESS_AFTER", "0")
    write(pack, {"main.tf": BUCKETS_TF})
    _, _, err = run("scan", ".")  # the test runner's stderr is no terminal
    assert not PROGRESS.search(err)
    _, _, err = run("scan", ".", "--progress")
    assert PROGRESS.search(err) and "\r\033[Kiacgate: 1 file scanned" in err
    _, _, err = run("scan", ".", "--progress", "--no-progress")
    assert not PROGRESS.search(err)


def _in_terminal(args: list[str], cwd: Path, stdout_tty: bool) -> tuple[str, str]:
    """Run iacgate with stderr (and maybe stdout) on a pseudo-terminal."""
    env = {k: v for k, v in os.environ.items() if k not in CI_VARIABLES}
    env.update(IACGATE_PROGRESS_AFTER="0", TERM="xterm")
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "linter.cli", *args], cwd=cwd, env=env,
                                stdin=subprocess.DEVNULL, stderr=slave,
                                stdout=slave if stdout_tty else subprocess.PIPE)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not data:
                break
            chunks.append(data)
        out = proc.stdout.read().decode() if proc.stdout else ""
        proc.wait(timeout=120)
    finally:
        os.close(master)
    return b"".join(chunks).decode(errors="replace"), out


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_in_a_real_terminal(tmp_path: Path):
    write(tmp_path, {f"m{i}.tf": BUCKETS_TF for i in range(3)})
    terminal, _ = _in_terminal(["scan", "."], tmp_path, stdout_tty=True)
    assert PROGRESS.search(terminal) and "\r\x1b[K" in terminal
    assert "3 files scanned" in terminal
    terminal, out = _in_terminal(["scan", ".", "--format", "json"], tmp_path, stdout_tty=False)
    assert not PROGRESS.search(terminal) and "3 files scanned" in terminal
    assert out.startswith("{")


def test_worker_processes_report_their_progress(tmp_path: Path, monkeypatch):
    """Large scans run in worker processes: their counts still reach the progress line."""
    import linter.engine as engine

    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 2)
    for i in range(6):
        write(tmp_path / f"stack{i}", {"main.tf": BUCKETS_TF})
    seen: list[tuple[str, int, int]] = []
    options = engine.ScanOptions(targets=[str(tmp_path)], jobs=2,
                                 progress=lambda stage, done, total: seen.append((stage, done, total)))
    result = engine.scan(options)
    assert len(result.files) == 6
    assert ("parse", 6, 6) in seen
    rules = [done for stage, done, _ in seen if stage == "rules"]
    assert rules and rules == sorted(rules) and rules[-1] > 0

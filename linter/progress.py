"""The progress line of long scans: files parsed, rule checks run, time so far.

Shown on stderr, on one line rewritten in place, and only where a person watches: on a
terminal, when no machine-readable report goes to standard output, outside CI logs, and
only once a scan has taken more than a second (IACGATE_PROGRESS_AFTER=SECONDS changes
that). `--progress` / `--no-progress` decide instead. The engine only sets counters; a
background thread draws, so the scan never waits on the terminal.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TextIO

# Environment variables that CI systems set: their logs are files, not terminals, even
# when a runner allocates a pseudo-terminal.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD",
                "TEAMCITY_VERSION", "CIRCLECI", "TRAVIS", "BITBUCKET_BUILD_NUMBER", "CODEBUILD_BUILD_ID")
INTERVAL = 0.1  # seconds between redraws

# Large scans fork worker processes while the drawing thread runs. A fork in the middle of
# a write would hand the children a stderr whose lock is held forever, so a fork waits for
# the line being drawn and no line is drawn while a fork happens.
_DRAWING = threading.Lock()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_DRAWING.acquire, after_in_parent=_DRAWING.release,
                        after_in_child=_DRAWING.release)


def wanted(forced: bool | None, outputs: list[tuple[str, str | None]], stderr: TextIO,
           stdout: TextIO, env: dict | None = None) -> bool:
    """Whether to show progress: `forced` (the flag) wins; otherwise only for a person at
    a terminal, never in pipes, CI logs or next to a machine format on stdout."""
    if forced is not None:
        return forced
    env = os.environ if env is None else env
    if any(env.get(name) for name in CI_VARIABLES) or env.get("TERM") == "dumb":
        return False
    if not _tty(stderr):
        return False
    to_stdout = [fmt for fmt, dest in outputs if dest is None]
    return not to_stdout or (to_stdout == ["text"] and _tty(stdout))


def _tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _delay(env: dict | None = None) -> float:
    env = os.environ if env is None else env
    try:
        return max(0.0, float(env.get("IACGATE_PROGRESS_AFTER", "1")))
    except ValueError:
        return 1.0


class Progress:
    """Counters the engine updates, and the thread that draws them."""

    def __init__(self, stream: TextIO, delay: float | None = None, clock=time.monotonic) -> None:
        self.stream = stream
        self.delay = _delay() if delay is None else delay
        self.clock = clock
        self.start = clock()
        self.parsed = self.files = self.checks = 0
        self.stage = "finding files"
        self.shown = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        """The engine's hook: cheap, no I/O."""
        if stage == "parse":
            self.stage, self.parsed, self.files = "parsing", done, total
        else:
            self.stage, self.checks = "running rules", done

    def line(self) -> str:
        elapsed = self.clock() - self.start
        if not self.files:
            return f"iacgate: finding files, {elapsed:.1f}s"
        return (f"iacgate: {self.parsed}/{self.files} files parsed, {self.checks:,} rule checks, "
                f"{elapsed:.1f}s ({self.stage})")

    def draw(self) -> None:
        if self.clock() - self.start < self.delay:
            return
        with _DRAWING:
            self.stream.write("\r\033[K" + self.line())
            self.stream.flush()
        self.shown = True

    def __enter__(self) -> Progress:
        self._thread = threading.Thread(target=self._run, name="iacgate-progress", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while True:
            self.draw()
            if self._stop.wait(INTERVAL):
                return

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.shown:  # leave the terminal as it was: the summary line comes next
            with _DRAWING:
                self.stream.write("\r\033[K")
                self.stream.flush()

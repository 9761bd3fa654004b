"""Every test runs the code of this checkout, never an installed iacgate.

The checkout's root goes first on `sys.path` (for in-process tests) and first on
PYTHONPATH (for the CLI run as `python -m linter.cli` in a subprocess), so an edit to
`linter/` or `rules/` is what the tests see even where an older iacgate is installed.
"""

import os
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

sys.path[:0] = [str(ROOT), str(TESTS)]
# A rule that raises stops the scan with its traceback instead of becoming an IAC006
# finding, so no test (fixture, negative test filtering by rule id, CLI run) can mistake a
# crashed rule for a quiet one. Tests of IAC006 itself unset it.
os.environ["IACGATE_RULE_ERRORS"] = "raise"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), str(TESTS)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])

# An `iacgate` command for tests that run it by name (pre-commit hook, CI scripts): it runs
# this checkout's code with the interpreter running the tests, whatever is installed.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

_BIN = Path(tempfile.mkdtemp(prefix="iacgate-bin-"))
atexit.register(shutil.rmtree, _BIN, True)
_SHIM = _BIN / "iacgate"
_SHIM.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m linter.cli "$@"\n')
_SHIM.chmod(0o755)
os.environ["PATH"] = os.pathsep.join([str(_BIN), os.environ.get("PATH", "")])

"""What every benchmark script shares: how iacgate is started, and with which environment.

An installed iacgate has its bytecode compiled by pip; a checkout run with
PYTHONDONTWRITEBYTECODE set would compile every module on every run (about 40 ms on a
one-file scan) and measure the compiler, not iacgate. So the variable is dropped and one
untimed run writes the bytecode before anything is timed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def iacgate_cmd() -> list[str]:
    """The installed `iacgate`, else this checkout's `python -m linter.cli`."""
    exe = shutil.which("iacgate")
    return [exe] if exe else [sys.executable, "-m", "linter.cli"]


def iacgate_env(**extra: str) -> dict[str, str]:
    """The environment iacgate is timed in: bytecode written, this checkout importable."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not shutil.which("iacgate"):
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def warm_up() -> None:
    """Write this checkout's bytecode, as `pip install` does, before timing anything."""
    subprocess.run(iacgate_cmd() + ["--version"], env=iacgate_env(), cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "linter"), str(ROOT / "rules")],
                   env=iacgate_env(), stdout=subprocess.DEVNULL, check=False)

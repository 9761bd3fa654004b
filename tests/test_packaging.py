"""A plain `pip install .` must carry every package, the rule packs and their fixtures."""

from __future__ import annotations

import pytest
from fixture_support import ROOT

tomllib = pytest.importorskip("tomllib")


def test_every_python_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "linter").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    missing = sorted(on_disk - listed)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"
    assert config["package-dir"] == {"linter.rulepacks": "rules", "linter.rulefixtures": "fixtures"}

"""Controller manager keeps up to 12,500 terminated pods: the settings in `params` (see _flags.py)."""

from linter.rules import load_sibling

check = load_sibling(__file__, "_flags.py").check

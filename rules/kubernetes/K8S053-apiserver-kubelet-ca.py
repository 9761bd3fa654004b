"""API server does not verify the kubelets' serving certificates: the settings in `params` (see _flags.py)."""

from linter.rules import load_sibling

check = load_sibling(__file__, "_flags.py").check

"""iacgate: a security policy linter for infrastructure as code."""

__version__ = "0.1.0"

"""Governance: how the gate decides (inline suppressions, exceptions, baseline, diff)."""

"""The cycle collector, tuned for the length of a scan.

A scan allocates millions of small objects (located trees, subjects, findings) that are
freed by reference counting when their unit is done, not by the cycle collector. With
CPython's default thresholds the collector still walks the whole growing heap again and
again: a sixth of the time of a large scan, and again while the report is written. During
a run it runs rarer (it still runs, so memory stays bounded should something make cycles),
and what existed before (modules, rules) is set aside so that it is not walked at all.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

SCAN_THRESHOLDS = (100_000, 20, 20)
_depth = 0


@contextmanager
def rarer_collections() -> Iterator[None]:
    """Nestable: the command line wraps the whole run, the engine each scan (as a library)."""
    global _depth
    _depth += 1
    outermost = _depth == 1
    if outermost:
        old = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(*SCAN_THRESHOLDS)
    try:
        yield
    finally:
        _depth -= 1
        if outermost:
            gc.set_threshold(*old)
            gc.unfreeze()

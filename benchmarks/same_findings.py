"""Do two JSON reports hold the same findings? (Speed work must not change a result.)

Usage: python benchmarks/same_findings.py BEFORE.json AFTER.json

Compares the findings (every field, in report order), the summary and the notes (as a
set: their order and layout are not part of the result). Exit 0 when the same, 1 with
the first differences listed otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv)
    problems = []
    old, new = before.get("findings", []), after.get("findings", [])
    if old != new:
        gone = {json.dumps(f, sort_keys=True) for f in old} - {json.dumps(f, sort_keys=True) for f in new}
        came = {json.dumps(f, sort_keys=True) for f in new} - {json.dumps(f, sort_keys=True) for f in old}
        problems.append(f"findings differ: {len(old)} before, {len(new)} after, "
                        f"{len(gone)} gone, {len(came)} new")
        problems += [f"  - {g}" for g in sorted(gone)[:5]] + [f"  + {c}" for c in sorted(came)[:5]]
    if before.get("summary") != after.get("summary"):
        problems.append(f"summary differs: {before.get('summary')} / {after.get('summary')}")
    notes = [{json.dumps(n, sort_keys=True) for n in r.get("notes", [])} for r in (before, after)]
    if notes[0] != notes[1]:
        problems.append(f"notes differ: {len(notes[0] - notes[1])} gone, {len(notes[1] - notes[0])} new")
    for line in problems:
        print(line)
    if not problems:
        print(f"same: {len(new)} findings, summary and notes")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The shrink guard: an import that would empty or shrink the case data must be confirmed.

Uploading 2 of the 32 SSD files was once accepted and emptied every other
table, because a missing file means an empty table. Now an import that would
empty a table holding data, or shrink any table by more than `[imports]
shrink_share` (default 0.2, a fifth), is refused unless the user confirms
that exact change: `--allow-shrink` on the command line, or on the page a
second step listing each table's rows now and after, whose confirmation
carries a digest of those numbers (if the data changed meanwhile, the digest
no longer matches and the user is asked again).
"""

from __future__ import annotations

import hashlib
import json

from oversight.config import section


class Shrinking(Exception):
    """The import would shrink the case data and was not confirmed; DETAILS is for the report."""

    def __init__(self, details: dict):
        super().__init__("the import would shrink the case data")
        self.details = details


def share() -> float:
    return float(section("imports").get("shrink_share", 0.2))


def changes(now: dict[str, int], after: dict[str, int], limit: float | None = None) -> dict:
    """Every table's rows now and after, which of them shrink too far, and the digest of the change."""
    limit = share() if limit is None else limit
    rows = []
    for name in now.keys() | after.keys():
        before, later = int(now.get(name, 0)), int(after.get(name, 0))
        emptied = before > 0 and later == 0
        too_far = before > 0 and (before - later) / before > limit
        rows.append({"table": name, "now": before, "after": later, "emptied": emptied, "shrinks": emptied or too_far})
    rows.sort(key=lambda r: (not r["shrinks"], r["table"]))
    digest = hashlib.sha256(
        json.dumps(sorted((r["table"], r["now"], r["after"]) for r in rows)).encode("utf-8")
    ).hexdigest()
    return {"tables": rows, "shrinking": [r for r in rows if r["shrinks"]], "share": limit, "digest": digest}


def check(now: dict[str, int], after: dict[str, int], allow: bool | str = False) -> dict:
    """The change; raises Shrinking when it shrinks too far and ALLOW is neither True nor its digest."""
    found = changes(now, after)
    if found["shrinking"] and allow is not True and allow != found["digest"]:
        raise Shrinking(found)
    return found


def messages(details: dict) -> list[tuple[str, str]]:
    """(table, message) per table that would shrink too far, for the report's errors."""
    pct = round(details["share"] * 100)
    out = []
    for r in details["shrinking"]:
        if r["emptied"]:
            why = f"This import would empty {r['table']}, which holds {r['now']} rows now"
            why += " (is its file missing from the upload?)."
        else:
            fall = round(100 * (r["now"] - r["after"]) / r["now"])
            why = f"This import would shrink {r['table']} from {r['now']} rows to {r['after']} ({fall} % fewer; more than {pct} %)."
        out.append((r["table"], why))
    return out

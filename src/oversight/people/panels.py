"""Sections other apps add to a child's record (timeliness clocks, audits).

An app registers a callable (request, person) -> (title, html) or None.
"""

from __future__ import annotations

from typing import Callable

_panels: list[Callable] = []


def register(panel: Callable) -> Callable:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render_panels(request, person) -> list[tuple[str, str]]:
    out = []
    for panel in _panels:
        result = panel(request, person)
        if result:
            out.append(result)
    return out

"""Sections other apps add to a child's record (timeliness clocks, audits).

An app registers a callable (request, person) -> (title, html) or None, once
at start-up (AppConfig.ready). It is called only after the user's access to
the child has been checked and the view logged. Return html built with
render_to_string or format_html: a plain str is escaped and shows as text.
"""

from __future__ import annotations

from collections.abc import Callable

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

"""Filling a GOV.UK date input (web.dateinput) the way a person does: day, month and year boxes."""

import datetime as dt


def fill_date(page, base: str, day: dt.date | str) -> None:
    """Type DAY into the three boxes whose ids start with BASE (for example "#id_due_date")."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    page.fill(f"{base}-day", str(day.day))
    page.fill(f"{base}-month", str(day.month))
    page.fill(f"{base}-year", str(day.year))

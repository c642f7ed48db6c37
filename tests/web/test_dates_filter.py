"""The fast `date` filter (oversight.web.templatetags.dates) writes exactly what Django's filter writes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone

from oversight.web.templatetags import dates

DAYS = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(0, 800, 7)] + [
    dt.date(1, 1, 1),
    dt.date(999, 12, 31),
    dt.date(1900, 2, 28),
    dt.date(2026, 9, 9),
    dt.date(9999, 12, 31),
]
TIMES = [dt.datetime.combine(d, dt.time(h, m)) for d in DAYS[:40] for h, m in ((0, 0), (9, 5), (23, 59))]


@pytest.mark.parametrize("fmt", sorted(dates.DATE_FORMATS))
def test_date_formats_match_django(fmt):
    for day in DAYS:
        assert dates.date(day, fmt) == django_date(day, fmt), (day, fmt)
    for moment in TIMES:
        assert dates.date(moment, fmt) == django_date(moment, fmt), (moment, fmt)


@pytest.mark.parametrize("fmt", sorted(dates.DATETIME_FORMATS))
def test_datetime_formats_match_django(fmt):
    for moment in TIMES:
        assert dates.date(moment, fmt) == django_date(moment, fmt), (moment, fmt)
    # A plain date with a time format is left to Django, which refuses it.
    with pytest.raises(TypeError):
        django_date(DAYS[0], fmt)
    with pytest.raises(TypeError):
        dates.date(DAYS[0], fmt)


def test_other_values_and_formats_go_to_django():
    assert dates.date(None, "j M Y") == ""
    assert dates.date("", "j M Y") == ""
    assert dates.date("not a date", "j M Y") == ""
    assert dates.date(dt.date(2026, 3, 31), "l j F Y") == "Tuesday 31 March 2026"
    assert dates.date(dt.date(2026, 3, 31)) == django_date(dt.date(2026, 3, 31))


def test_templates_use_it_with_local_time():
    """An aware datetime is shown in the council's time zone, as Django's filter shows it."""
    moment = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)  # 00:30 on 2 July in London (BST)
    html = Template('{{ m|date:"Y-m-d H:i" }}|{{ m|date:"j M Y" }}|{{ d|date:"j F Y" }}').render(
        Context({"m": moment, "d": dt.date(2026, 3, 1)})
    )
    assert html == "2026-07-02 00:30|2 Jul 2026|1 March 2026"
    london = timezone.localtime(moment, ZoneInfo("Europe/London"))
    assert html.split("|")[0] == django_date(london, "Y-m-d H:i")

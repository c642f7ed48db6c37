"""The shared column chart (web.charts, web/column_chart.html): axes, month labels, target, part months, caption."""

import datetime as dt
import re

from django.template.loader import render_to_string

from oversight.web.charts import column_chart, month_end, nice


def month_ends(first: dt.date, n: int) -> list[dt.date]:
    out, day = [], month_end(first)
    for _ in range(n):
        out.append(day)
        day = month_end(day + dt.timedelta(days=1))
    return out


def draw(chart, **extra) -> str:
    return render_to_string("web/column_chart.html", {"chart": chart, "testid": "c", **extra})


def test_nice_tops_are_round_and_not_below_the_value():
    for value in (0.3, 1, 7, 14.5, 26, 99, 101, 730, 12_345):
        top = nice(value)
        assert top >= value
        assert re.fullmatch(r"(1|2|25|5)0*", str(int(top))), top
        assert top < max(value, 1) * 2.5


def test_twelve_month_ends_and_a_part_month_are_counted_and_labelled():
    days = month_ends(dt.date(2025, 4, 1), 12)
    part = dt.date(2026, 4, 15)
    points = [{"day": d, "value": float(i)} for i, d in enumerate(days)] + [
        {"day": part, "value": 3.5, "partial": True}
    ]
    chart = column_chart(points, 25, caption="Average caseload")
    assert chart["count"] == 12 and chart["first"] == days[0] and chart["last"] == days[-1]
    assert chart["caption"] == (
        "Average caseload at 12 month-ends, 30 April 2025 to 31 March 2026 and a part month "
        "(April 2026 to 15 April), marked *; the dashed line is the target of 25."
    )
    labels = [i["label"] for i in chart["items"]]
    assert labels[0] == "Apr 25" and labels[11] == "Mar 26" and labels[12] == "Apr 26*"
    html = draw(chart)
    # The part month is an outlined, dashed bar (readable without colour); the others are filled.
    assert html.count('fill="#ffffff" stroke="#1d70b8"') == 1 and html.count('fill="#1d70b8"') == 12
    assert "Target 25" in html and 'stroke-dasharray="6 4"' in html
    assert "<title>2026-04-15 (part month): 3.5</title>" in html


def test_the_value_axis_runs_from_zero_to_a_round_top_with_the_target_inside():
    chart = column_chart([{"day": dt.date(2026, 1, 31), "value": 14.5}], 30)
    ticks = [t["value"] for t in chart["ticks"]]
    assert ticks[0] == "0" and float(ticks[-1]) >= 30
    assert chart["target_y"] >= chart["ticks"][-1]["y"]  # the target line is inside the plot
    # Bars grow up from the axis in proportion to their value.
    item = chart["items"][0]
    plot = chart["axis_y"] - chart["ticks"][-1]["y"]
    assert abs(item["h"] - plot * 14.5 / float(ticks[-1])) < 0.2 and abs(item["y"] + item["h"] - chart["axis_y"]) < 0.2


def test_negative_values_bring_the_axis_below_zero():
    chart = column_chart([{"day": dt.date(2026, 1, 31), "value": -3}, {"day": dt.date(2026, 2, 28), "value": 8}])
    ticks = [float(t["value"]) for t in chart["ticks"]]
    assert min(ticks) <= -3 and 0 in ticks and max(ticks) >= 8
    below = chart["items"][0]
    assert below["y"] == chart["axis_y"]  # drawn down from the zero line


def test_every_value_is_written_and_a_missing_one_says_so():
    days = month_ends(dt.date(2026, 1, 1), 3)
    chart = column_chart(
        [{"day": days[0], "value": 2}, {"day": days[1], "value": None}, {"day": days[2], "value": 7.25}],
        caption="X",
        none_text="none due",
    )
    html = draw(chart)
    assert ">2</text>" in html and ">–</text>" in html and ">7.2</text>" in html
    assert "<title>2026-02-28: none due</title>" in html
    assert chart["caption"] == "X at 3 month-ends, 31 January 2026 to 31 March 2026."


def test_the_chart_has_a_table_of_its_figures_unless_the_page_has_one():
    days = month_ends(dt.date(2026, 1, 1), 2)
    chart = column_chart([{"day": d, "value": v} for d, v in zip(days, (4, 6))], 5, caption="Y")
    html = draw(chart)
    table = html.split('data-testid="c-figures"')[1]
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th><td[^>]*>([^<]+)</td>', table)
    assert rows == [("31 January 2026", "4"), ("28 February 2026", "6"), ("Target", "5")]
    assert 'aria-labelledby="c-caption"' in html
    assert "c-figures" not in draw(chart, table=False)


def test_a_bare_chart_is_the_svg_alone_described_by_its_label():
    days = month_ends(dt.date(2026, 1, 1), 13)
    chart = column_chart([{"day": d, "value": 1} for d in days], 2, caption="Re-referrals", compact=True)
    html = draw(chart, bare=True).strip()
    assert html.startswith("{#") is False and "<figure" not in html and "<details" not in html
    assert 'aria-label="Re-referrals: 2026-01-31: 1;' in html and "; target 2" in html
    # Small charts label only the first and last months.
    assert re.findall(r">([A-Z][a-z]{2} \d\d)</text>", html) == ["Jan 26", "Jan 27"]


def test_counts_over_months_say_over_and_name_months():
    chart = column_chart(
        [
            {"day": dt.date(2025, 12, 31), "value": 80, "partial": "from 4 December"},
            {"day": dt.date(2026, 1, 31), "value": 90},
            {"day": dt.date(2026, 2, 28), "value": 70},
        ],
        caption="Percent on time by month of due date",
        unit="month",
    )
    assert chart["caption"] == (
        "Percent on time by month of due date over 2 months, January 2026 to February 2026 "
        "and a part month (December 2025 from 4 December), marked *."
    )

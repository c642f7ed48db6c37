"""The rule page's chart of percent on time by month of due date (the shared column chart), with part months."""

import re

import pytest

from oversight.accounts import roles

pytestmark = pytest.mark.django_db


def chart_of(html: str) -> str:
    return html.split('data-testid="month-chart"', 1)[1].split("</figure>", 1)[0]


def test_each_month_of_the_table_is_a_bar_and_cut_months_are_part_months(council, client_for):
    client = client_for(roles.PERFORMANCE_OFFICER)
    html = client.get("/timeliness/rules/cp_visit/?as_at=2024-04-10&from=2024-03-05").content.decode()
    table = html.split('data-testid="months"', 1)[1].split("</table>", 1)[0]
    months = re.findall(r'<th scope="row" class="govuk-table__header">([A-Z][a-z]+ \d{4})</th>', table)
    percents = re.findall(
        r'govuk-table__cell--numeric">([\d.–]+)</td>\s*<td class="govuk-table__cell" aria-hidden', table
    )
    assert months and len(percents) == len(months)
    chart = chart_of(html)
    labels = re.findall(r'font-size="10" fill="#0b0c0c">([A-Z][a-z]{2} \d\d\*?)</text>', chart)
    assert [label.rstrip("*")[:3] for label in labels] == [m[:3] for m in months]
    # March is cut by the from date (5 March), April by the as-at date (10 April): both are part months.
    assert labels[0] == "Mar 24*"
    assert "March 2024 from 5 March" in chart
    if "April 2024" in months:
        assert labels[-1] == "Apr 24*" and "April 2024 to 10 April" in chart
    for value in percents:
        assert f">{value.replace('.0', '') if value.endswith('.0') else value}</text>" in chart


def test_whole_months_are_counted_in_the_caption(council, client_for):
    client = client_for(roles.PERFORMANCE_OFFICER)
    html = client.get("/timeliness/rules/cp_visit/?as_at=2024-04-30&from=2023-05-01&to=2024-04-30").content.decode()
    table = html.split('data-testid="months"', 1)[1].split("</table>", 1)[0]
    months = re.findall(r'<th scope="row" class="govuk-table__header">([A-Z][a-z]+ \d{4})</th>', table)
    chart = chart_of(html)
    assert "*" not in re.sub(r"<title>.*?</title>", "", chart.split("</figcaption>")[1])
    assert f"over {len(months)} month{'s' if len(months) > 1 else ''}, {months[0]}" in chart

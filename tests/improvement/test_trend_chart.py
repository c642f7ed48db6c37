"""An action's indicator trend is drawn by the shared column chart above its table, with the target line."""

import re

import pytest

from oversight.improvement.models import Action
from tests.improvement.conftest import as_

pytestmark = pytest.mark.django_db


def test_an_actions_indicator_trend_has_a_chart_with_its_target_and_months(people, plan, today):
    Action.objects.filter(ref="1.1").update(indicator="timeliness:assessment_45wd", indicator_target=90)
    html = as_(people["sw"]).get(f"/improvement/actions/{plan['a11'].pk}/").content.decode()
    table = html.split('data-testid="indicator-trend"', 1)[1].split("</table>", 1)[0]
    months = re.findall(r'<td class="govuk-table__cell">([A-Z][a-z]+ \d{4})</td>', table)
    figure = html.split('data-testid="indicator-chart-', 1)[1].split("</figure>", 1)[0]
    labels = re.findall(r'font-size="10" fill="#0b0c0c">([A-Z][a-z]{2} \d\d\*?)</text>', figure)
    assert len(labels) == len(months) > 1
    assert [label[:3] for label in labels] == [m[:3] for m in months]
    assert "Target 90" in figure and 'stroke-dasharray="6 4"' in figure
    # No case data: every month is "–" on its bar, as the table says "not measurable".
    assert figure.count(">–</text>") == len(months)
    whole = len([label for label in labels if not label.endswith("*")])
    assert f"over {whole} month{'s' if whole != 1 else ''}" in figure

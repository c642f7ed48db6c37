"""docs/performance.md lists every indicator of the catalogue with its definition."""

from pathlib import Path

from oversight.analytics import indicators

DOC = Path(__file__).resolve().parents[2] / "docs" / "performance.md"


def test_every_indicator_is_documented_with_its_definition():
    text = DOC.read_text()
    for ind in indicators.load().indicators:
        line = next((row for row in text.splitlines() if row.startswith(f"| `{ind.id}` |")), None)
        assert line is not None, f"docs/performance.md has no row for {ind.id}"
        assert ind.definition in line, f"docs/performance.md's definition of {ind.id} differs from the catalogue's"

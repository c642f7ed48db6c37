"""write_json_report: the head, then the items a chunk at a time, as one compact JSON document."""

import datetime as dt
import io
import json

import polars as pl

from oversight.cli.output import write_json_report

HEAD = {"as_at": dt.date(2026, 3, 31), "rules": [{"rule": "r1", "items": 5}], "items": "replaced"}
ITEMS = pl.DataFrame(
    {
        "child_id": ["C1", "C2", "C3", "C4", "C5"],
        "due_date": [dt.date(2026, 1, d) for d in (1, 2, 3, 4, 5)],
        "days_late": [None, 3, None, 0, 12],
        "team": ["T1", None, 'a "quoted", name', "Zoë", ""],
    }
)
EXPECTED_ITEMS = [
    {"child_id": "C1", "due_date": "2026-01-01", "days_late": None, "team": "T1"},
    {"child_id": "C2", "due_date": "2026-01-02", "days_late": 3, "team": None},
    {"child_id": "C3", "due_date": "2026-01-03", "days_late": None, "team": 'a "quoted", name'},
    {"child_id": "C4", "due_date": "2026-01-04", "days_late": 0, "team": "Zoë"},
    {"child_id": "C5", "due_date": "2026-01-05", "days_late": 12, "team": ""},
]


class ByteStream:
    """Like sys.stdout: text on top, bytes underneath."""

    def __init__(self):
        self.buffer = io.BytesIO()

    def flush(self):
        pass


def test_chunks_joined_in_order_into_one_compact_document():
    stream = ByteStream()
    write_json_report(HEAD, "items", ITEMS, stream=stream, chunk=2)  # chunks of 2, 2 and 1 rows
    text = stream.buffer.getvalue().decode()
    assert text.endswith("]}\n") and "\n" not in text[:-1]
    assert json.loads(text) == {"as_at": "2026-03-31", "rules": [{"rule": "r1", "items": 5}], "items": EXPECTED_ITEMS}


def test_a_text_stream_gets_the_same_document():
    stream = io.StringIO()
    write_json_report(HEAD, "items", ITEMS, stream=stream, chunk=3)
    assert json.loads(stream.getvalue())["items"] == EXPECTED_ITEMS


def test_no_items_an_empty_list():
    stream = ByteStream()
    write_json_report({"as_at": "2026-03-31"}, "items", ITEMS.clear(), stream=stream)
    assert stream.buffer.getvalue() == b'{"as_at":"2026-03-31","items":[]}\n'


def test_pretty_indents_the_same_document():
    stream = ByteStream()
    write_json_report(HEAD, "items", ITEMS, stream=stream, pretty=True)
    text = stream.buffer.getvalue().decode()
    assert '\n  "as_at": "2026-03-31"' in text
    assert json.loads(text)["items"] == EXPECTED_ITEMS

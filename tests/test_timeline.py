"""Timeline entries: date formatting at every precision, ordering, flags and filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from eg_sample import sample, write_sample_dir
from eventgraph import timeline as tl
from eventgraph.timeline.dates import format_date, parse_bound


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("2014", "2014-01-01", "2015-01-01", "year"), "2014"),
        (("2020-08", "2020-08-01", "2020-09-01", "month"), "Aug 2020"),
        (("2020-09-14", "2020-09-14", "2020-09-15", "day"), "14 Sep 2020"),
        (("2020-FA", "2020-09-01", "2020-12-01", "season"), "autumn 2020"),
        (("2020-WI",), "winter 2020"),
        (("2006", "2006-01-01", "2007-01-01", "year", "APPROX"), "c. 2006"),
        (("2020", None, None, "year", "START"), "early 2020"),
        (("2020-Q3",), "Q3 2020"),
        (("2020-H1",), "H1 2020"),
        (("2020-W11",), "week 11, 2020"),
        (("201X", "2010-01-01", "2020-01-01", "decade"), "2010s"),
        (("19",), "20th century"),
        (("2020-09-14T15:30",), "14 Sep 2020, 15:30"),
        (("2014/2016",), "2014–2016"),
        (("2020-09-14/2020-09-16",), "14–16 Sep 2020"),
        (("2020-08/2020-09",), "Aug–Sep 2020"),
        (("2020-08-30/2020-09-02",), "30 Aug – 2 Sep 2020"),
        (("2019-12/2020-02",), "Dec 2019 – Feb 2020"),
        ((None, "2020-03-01", "2020-05-01"), "Mar–Apr 2020"),
        ((None, "2018-01-01", "2020-01-01"), "2018–2019"),
        (("PAST_REF",), "undated"),
        (("XXXX-WI",), "undated"),
        ((None,), "undated"),
        (("2020-13",), "undated"),
    ],
)
def test_format_date(args: tuple, expected: str) -> None:
    assert format_date(*args) == expected


def test_year_is_never_first_of_january() -> None:
    text = format_date("2014", "2014-01-01", "2015-01-01", "year")
    assert "Jan" not in text and text[:1] != "1"


@pytest.mark.parametrize(
    ("text", "upper", "expected"),
    [
        ("2020", False, "2020-01-01"),
        ("2020", True, "2021-01-01"),
        ("2020-12", True, "2021-01-01"),
        ("2020-02", True, "2020-03-01"),
        ("2020-02-29", True, "2020-03-01"),
        ("2020-08-09", False, "2020-08-09"),
    ],
)
def test_parse_bound(text: str, upper: bool, expected: str) -> None:
    assert parse_bound(text, upper=upper) == expected


@pytest.mark.parametrize("bad", ["yesterday", "2020-13", "2020-02-30", "20"])
def test_parse_bound_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_bound(bad, upper=False)


@pytest.fixture
def entries(tmp_path: Path) -> list[tl.Entry]:
    return tl.load(write_sample_dir(tmp_path))


def test_load_matches_model(entries: list[tl.Entry]) -> None:
    from_model = tl.entries_from_model(*sample())
    assert [e.to_dict() for e in entries] == [e.to_dict() for e in from_model]


def test_order_start_then_precision(entries: list[tl.Entry]) -> None:
    titles = [e.title for e in entries]
    # c. 2006 < 2014 < ... ; Aug 2020 (a month) before 9 Aug 2020 (a day inside it); undated last.
    assert titles[0] == "Union treaty talks"
    assert titles.index("Protests in Minsk") < titles.index("Presidential election in Belarus")
    assert titles[-1] == "Undated consultations"
    keys = [e.sort_key() for e in entries]
    assert keys == sorted(keys)


def test_year_then_days_inside() -> None:
    docs, actors, events = sample()
    year = next(e for e in events if e.title == "Loan agreement")
    from eventgraph.model import TimeValue

    year.date = TimeValue(value="2020", start="2020-01-01", end="2021-01-01", precision="year")
    entries = tl.select(tl.entries_from_model(docs, actors, events), date_from="2020", date_to="2020")
    assert entries[0].title == "Loan agreement"
    assert entries[0].band and entries[0].date_label == "2020"


def test_flags(entries: list[tl.Entry]) -> None:
    by_title = {e.title: e for e in entries}
    assert by_title["Russia annexes Crimea"].flags == ["catalog"]
    assert by_title["Loan agreement"].flags == ["inferred"]
    sochi = by_title["Sochi meeting"]
    assert sochi.flags == ["disputed"]
    assert sochi.conflicts[0]["label"] == "13 Sep 2020"
    assert by_title["Presidential election in Belarus"].flags == []


def test_citations_carry_source_and_quote(entries: list[tl.Entry]) -> None:
    sochi = next(e for e in entries if e.title == "Sochi meeting")
    (cite,) = sochi.citations
    assert cite.title == "Belarus and Russia: a difficult union"
    assert cite.source == "Example Times" and cite.published == "2021-08-20"
    assert "Sochi" in cite.sentence
    assert cite.label() == "Belarus and Russia: a difficult union — Example Times, 2021-08-20"


def test_select_drops_unsourced(entries: list[tl.Entry]) -> None:
    assert "Unsourced claim" in {e.title for e in entries}
    assert "Unsourced claim" not in {e.title for e in tl.select(entries)}
    assert "Unsourced claim" in {e.title for e in tl.select(entries, require_source=False)}


def test_select_by_actor_name_alias_and_id(entries: list[tl.Entry]) -> None:
    by_name = tl.select(entries, actors=["vladimir putin"])
    by_alias = tl.select(entries, actors=["Putin"])
    putin_id = next(p["id"] for e in entries for p in e.participants if p["name"] == "Vladimir Putin")
    by_id = tl.select(entries, actors=[putin_id])
    assert [e.title for e in by_name] == ["Sochi meeting", "Undated consultations"]
    assert by_alias == by_name == by_id
    assert tl.select(entries, actors=["the Kremlin"]) == tl.select(entries, actors=["Russia"])
    assert tl.select(entries, actors=["Nobody"]) == []


def test_select_dates_overlap(entries: list[tl.Entry]) -> None:
    titles = [e.title for e in tl.select(entries, date_from="2020-09", date_to="2020-09")]
    # The autumn (Sep–Nov) overlaps September; the August protests do not; undated ones go.
    assert titles == ["Loan agreement", "Sochi meeting"]
    assert [e.title for e in tl.select(entries, date_to="2006")] == ["Union treaty talks"]
    assert [e.title for e in tl.select(entries, date_from="2021")][
        -1
    ] == '=HYPERLINK("http://evil.example","x")'
    days = tl.select(entries, date_from="2020-07-29", date_to="2020-07-29")
    assert {e.title for e in days} == {
        "KGB detains Wagner fighters",
        next(e.title for e in days if "Attack" in e.title),
    }


def test_select_types_sources_confidence(entries: list[tl.Entry]) -> None:
    assert [e.title for e in tl.select(entries, types=["MEETING"])] == [
        "Sochi meeting",
        "Undated consultations",
    ]
    hostile = tl.select(entries, sources=["002_hostile.txt"])
    assert len(hostile) == 2 and all(
        c.doc == hostile[0].citations[0].doc for e in hostile for c in e.citations
    )
    assert tl.select(entries, sources=["Example Times"]) == tl.select(
        entries, sources=["seeds/001_relations.txt"]
    )
    assert "Union treaty talks" not in {e.title for e in tl.select(entries, min_confidence=0.5)}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date_from": "soon"}, "not a date"),
        ({"date_from": "2021", "date_to": "2020"}, "after"),
        ({"min_confidence": 2.0}, "between 0 and 1"),
    ],
)
def test_select_errors(entries: list[tl.Entry], kwargs: dict, message: str) -> None:
    with pytest.raises(tl.TimelineError, match=message):
        tl.select(entries, **kwargs)


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(tl.TimelineError, match="not a directory"):
        tl.load(tmp_path / "missing")
    with pytest.raises(tl.TimelineError, match=r"no events\.jsonl"):
        tl.load(tmp_path)
    (tmp_path / "events.jsonl").write_text('{"id": "ev_1"}\n{broken\n', encoding="utf-8")
    with pytest.raises(tl.TimelineError, match=r"events.jsonl:2"):
        tl.load(tmp_path)


def test_load_tolerates_minimal_records(tmp_path: Path) -> None:
    (tmp_path / "events.jsonl").write_text('{"id": "ev_1", "title": "x", "date": null}\n', encoding="utf-8")
    (entry,) = tl.load(tmp_path)
    assert entry.date_label == "undated" and entry.citations == []

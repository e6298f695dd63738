"""Every timeline format parses, keeps dates at their precision, cites sources and neutralises corpus text."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from eg_sample import XSS_IMG, XSS_SCRIPT, write_sample_dir
from eventgraph import timeline as tl
from eventgraph.timeline.fmt_ics import fold


@pytest.fixture
def entries(tmp_path: Path) -> list[tl.Entry]:
    return tl.select(tl.load(write_sample_dir(tmp_path)))


@pytest.mark.parametrize("fmt", sorted(tl.FORMATS))
def test_deterministic(entries: list[tl.Entry], fmt: str) -> None:
    assert tl.render(entries, fmt) == tl.render(list(entries), fmt)


@pytest.mark.parametrize("fmt", sorted(tl.FORMATS))
def test_empty_timeline_renders(fmt: str) -> None:
    assert tl.render([], fmt)


def test_unknown_format(entries: list[tl.Entry]) -> None:
    with pytest.raises(tl.TimelineError, match="unknown format"):
        tl.render(entries, "pdf")


def test_markdown(entries: list[tl.Entry]) -> None:
    md = tl.render(entries, "md")
    assert md.startswith("# Timeline\n")
    assert "## 2014" in md and "- **2014** (period) — Russia annexes Crimea" in md
    assert "**c. 2006**" in md and "**autumn 2020**" in md and "**14 Sep 2020**" in md
    assert "date from the event catalogue" in md and "date inferred" in md
    assert "date disputed between sources (also: 13 Sep 2020)" in md
    # Every footnote reference has its note, with title, outlet, date and the quote.
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    notes = set(re.findall(r"^\[\^(\d+)\]:", md, re.M))
    assert refs == notes and len(notes) == len(entries)
    assert "[^" in md and "Example Times, 2021-08-20: “Putin and Lukashenko met in Sochi" in md
    # No raw HTML survives: every < is escaped.
    assert not re.search(r"(?<!\\)[<>]", md)
    assert "\\<img src=x onerror=alert\\(1\\)\\>" not in md  # parentheses are left alone
    assert "\\<img src=x onerror=alert(1)\\>" in md


def test_html_escaped_and_self_contained(entries: list[tl.Entry]) -> None:
    page = tl.render(entries, "html")
    assert XSS_IMG not in page and XSS_SCRIPT not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<script") == 1  # our filter script only
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "@media print" in page and 'id="note-1"' in page
    assert "Content-Security-Policy" in page


def test_csv(entries: list[tl.Entry]) -> None:
    rows = list(csv.DictReader(io.StringIO(tl.render(entries, "csv"))))
    assert len(rows) == len(entries)
    first = rows[0]
    assert first["date"] == "c. 2006" and first["precision"] == "year" and first["date_start"] == "2006-01-01"
    by_title = {r["title"].lstrip("'"): r for r in rows}
    assert by_title["Sochi meeting"]["flags"] == "disputed"
    assert "Putin and Lukashenko met" in by_title["Sochi meeting"]["quotes"]
    # A formula planted by an article is neutralised.
    formula = next(r for r in rows if "HYPERLINK" in r["title"])
    assert formula["title"].startswith("'=")


def test_json(entries: list[tl.Entry]) -> None:
    data = json.loads(tl.render(entries, "json"))
    assert data["schema"] == "eventgraph.timeline/1" and data["count"] == len(entries)
    e = data["entries"][0]
    assert {
        "id",
        "title",
        "type",
        "date_label",
        "start",
        "end",
        "precision",
        "flags",
        "citations",
        "band",
    } <= set(e)
    assert e["citations"][0]["sentence"]


def test_timelinejs(entries: list[tl.Entry]) -> None:
    data = json.loads(tl.render(entries, "timelinejs"))
    assert set(data) == {"title", "events"}
    assert {"headline", "text"} <= set(data["title"]["text"])
    events = {e["unique_id"]: e for e in data["events"]}
    by_title = {e.title: e for e in entries}
    for item in data["events"]:
        assert "year" in item["start_date"] and isinstance(item["start_date"]["year"], int)
        assert set(item["start_date"]) <= {"year", "month", "day", "display_date"}
        assert {"headline", "text"} <= set(item["text"])
        assert "<img" not in item["text"]["headline"] + item["text"]["text"]
    crimea = events[by_title["Russia annexes Crimea"].id]["start_date"]
    assert crimea == {"year": 2014, "display_date": "2014"}  # no month, no day: TimelineJS shows "2014"
    assert events[by_title["Protests in Minsk"].id]["start_date"] == {
        "year": 2020,
        "month": 8,
        "display_date": "Aug 2020",
    }
    assert events[by_title["Sochi meeting"].id]["start_date"]["day"] == 14
    assert events[by_title["Loan agreement"].id]["start_date"] == {
        "year": 2020,
        "display_date": "autumn 2020",
    }
    # Undated events cannot be placed: not events, but named on the title slide.
    assert by_title["Undated consultations"].id not in events
    assert "Undated consultations" in data["title"]["text"]["text"]


def test_docx_opens_with_python_docx(entries: list[tl.Entry], tmp_path: Path) -> None:
    import docx

    path = tl.write(entries, "docx", tmp_path / "t.docx")
    document = docx.Document(str(path))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Date", "Event", "Participants", "Sources"]
    assert len(table.rows) == len(entries) + 1
    assert table.rows[1].cells[0].text == "c. 2006 (period)"
    texts = [p.text for p in document.paragraphs]
    assert "Sources" in texts
    assert any(t.startswith("[1] ") and "Example Times" in t for t in texts)
    # Fixed zip timestamps: the same timeline gives the same bytes.
    with zipfile.ZipFile(path) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert tl.render(entries, "docx") == path.read_bytes()


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines: list[str] = []
    for raw in text.split("\r\n")[:-1]:
        assert len(raw.encode("utf-8")) <= 75, raw
        if raw.startswith(" "):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def test_ics_structure(entries: list[tl.Entry]) -> None:
    lines = _unfold(tl.render(entries, "ics"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    stack, events = [], []
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack[-1] == "VEVENT":
            events[-1][name] = value
    assert not stack
    day_events = [e for e in entries if e.precision == "day"]
    assert len(events) == len(day_events)
    for ev in events:
        assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"} <= set(ev)
        assert (
            re.fullmatch(r"\d{8}", ev["DTSTART;VALUE=DATE"])
            and ev["DTEND;VALUE=DATE"] > ev["DTSTART;VALUE=DATE"]
        )
    sochi = next(e for e in events if e["SUMMARY"] == "Sochi meeting")
    assert sochi["DTSTART;VALUE=DATE"] == "20200914" and sochi["DTEND;VALUE=DATE"] == "20200915"
    assert "Example Times\\, 2021-08-20" in sochi["DESCRIPTION"]
    # Events not known to the day are listed in the calendar's note, not pinned to a first day.
    note = next(x for x in lines if x.startswith("X-WR-CALDESC:"))
    assert "2014: Russia annexes Crimea" in note and "autumn 2020: Loan agreement" in note


def test_ics_fold_never_splits_characters() -> None:
    line = "SUMMARY:" + "é" * 100
    parts = fold(line)
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line


def test_write_is_atomic(entries: list[tl.Entry], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t.md"
    tl.write(entries, "md", target)
    good = target.read_text(encoding="utf-8")

    def boom(*_a: object, **_k: object) -> str:
        raise RuntimeError("renderer failed")

    monkeypatch.setitem(tl.FORMATS, "md", (boom, ".md", False))
    with pytest.raises(RuntimeError):
        tl.write(entries, "md", target)
    assert target.read_text(encoding="utf-8") == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_format_for_path() -> None:
    assert tl.format_for_path("a.docx") == "docx" and tl.format_for_path("a.JSON") == "json"
    assert tl.format_for_path("a.txt") == "md"

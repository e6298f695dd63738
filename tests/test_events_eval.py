"""The event scorer's precision estimates: hand judgements matched to system mentions, TimeML alignment."""

from __future__ import annotations

import json
from pathlib import Path

from eventgraph.evaluate.events import (
    _timeml_sentences,
    detokenize_with_offsets,
    judge_events,
    load_judgements,
)
from eventgraph.model import Document, Event, EventMention, Evidence, TimeValue

TEXT = "Police arrested ten protesters on Monday. Freedom of speech matters. The minister resigned."


def _event(eid: str, trigger: str, dated: bool = False) -> Event:
    start = TEXT.index(trigger)
    ev = Evidence("d1", start, start + len(trigger), TEXT, 0, len(TEXT))
    date = TimeValue("2020-01-06", "2020-01-06", "2020-01-07", "day", "text", 0.9) if dated else None
    mention = EventMention("other", trigger, ev)
    return Event(id=eid, title=trigger, type="other", date=date, mentions=[mention])


def test_judged_precision_counts_events_and_lists_the_unjudged(tmp_path: Path):
    doc = Document(id="d1", path="corpus/a.txt", text=TEXT, sha256="x")
    path = tmp_path / "judgements.json"
    judgements = [
        {"file": "a.txt", "trigger": "arrested", "context": "Police arrested ten", "valid": True},
        {"file": "a.txt", "trigger": "speech", "context": "Freedom of speech", "valid": False},
    ]
    path.write_text(json.dumps({"judgements": judgements}), encoding="utf-8")
    events = [_event("e1", "arrested", dated=True), _event("e2", "speech"), _event("e3", "resigned")]
    judged, unjudged = judge_events(load_judgements(path, [doc]), [doc], events)
    assert (judged.valid, judged.invalid, judged.unjudged) == (["e1"], ["e2"], ["e3"])
    assert [m.trigger for _, m in unjudged] == ["resigned"]
    figures = judged.figures()
    assert figures["precision_judged"] == 0.5 and figures["precision_judged_dated"] == 1.0


def test_timeml_tokens_align_with_the_rebuilt_text():
    tml = '<s id="2">Apple <EVENT eid="e1">announced</EVENT> it .</s>'
    marks = _timeml_sentences(tml)[2]
    assert marks == [("Apple", False), ("announced", True), ("it", False), (".", False)]
    text, offsets = detokenize_with_offsets([t for t, _ in marks])
    assert text == "Apple announced it."
    assert [text[a:b] for a, b in offsets] == ["Apple", "announced", "it", "."]

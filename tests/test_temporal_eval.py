"""The TempEval-3 scorer: TimeML parsing, the match definitions, and a run on a few TimeBank documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventgraph.evaluate.timex import DEFAULT_TIMEBANK, Gold, TmlDoc, canonical_value, parse_tml, score_doc
from eventgraph.model import Timex

TML = (
    '<?xml version="1.0" ?>\n<TimeML><DOCID>x</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">'
    "19980807</TIMEX3></DCT>\n<TEXT>\n"
    'Bombs <EVENT eid="e1">exploded</EVENT> &amp; killed people <TIMEX3 tid="t1" type="DATE" '
    'value="1998-08-07">Friday</TIMEX3>, for <TIMEX3 tid="t2" type="DURATION" value="P3D">'
    "three days</TIMEX3>."
    "\n</TEXT></TimeML>\n"
)


def test_parse_tml_offsets_are_into_the_text_without_tags(tmp_path: Path) -> None:
    path = tmp_path / "x.tml"
    path.write_text(TML, encoding="utf-8")
    doc = parse_tml(path)
    assert doc.dct == "1998-08-07"
    assert [(g.text, g.type, g.value) for g in doc.gold] == [
        ("Friday", "DATE", "1998-08-07"),
        ("three days", "DURATION", "P3D"),
    ]
    for g in doc.gold:
        assert doc.text[g.start : g.end] == g.text
    assert "&" in doc.text and "<EVENT" not in doc.text


def _t(start: int, end: int, type_: str = "DATE", value: str = "2020") -> Timex:
    return Timex(start, end, "x" * (end - start), type_, value)


def test_strict_relaxed_and_attribute_scores() -> None:
    doc = TmlDoc(
        "d",
        "x" * 100,
        None,
        [
            Gold(0, 10, "", "DATE", "2020"),
            Gold(20, 30, "", "DATE", "2021"),
            Gold(40, 50, "", "DURATION", "P1Y"),
        ],
    )
    system = [_t(0, 10), _t(18, 25, value="2020"), _t(60, 70)]
    f = score_doc(doc, system).figures()
    assert f["strict_p"] == pytest.approx(1 / 3) and f["strict_r"] == pytest.approx(1 / 3)
    assert f["relaxed_p"] == pytest.approx(2 / 3) and f["relaxed_r"] == pytest.approx(2 / 3)
    assert f["type_f1"] == pytest.approx(2 / 3)  # both relaxed matches have the right type
    assert f["value_f1"] == pytest.approx(2 / 3 * 1 / 2)  # one of the two has the right value


def test_canonical_value_merges_notational_variants_only() -> None:
    assert canonical_value("1998-XX-XX") == canonical_value("1998")
    assert canonical_value("199") == canonical_value("199X")
    assert canonical_value("2000-W7") == canonical_value("2000-W07")
    assert canonical_value("1998-W07") != canonical_value("1998-W08")
    assert canonical_value("XXXX-XX-XX") == "XXXX-XX-XX"


@pytest.mark.skipif(not DEFAULT_TIMEBANK.is_dir(), reason="TimeBank not available")
def test_scorer_on_a_handful_of_timebank_documents() -> None:
    files = sorted((DEFAULT_TIMEBANK / "TimeBank").glob("*.tml"))[:5]
    from eventgraph.evaluate.timex import Tally
    from eventgraph.temporal import tag

    total = Tally()
    for path in files:
        doc = parse_tml(path)
        total.add(score_doc(doc, tag(doc.text, doc.dct)))
    f = total.figures()
    assert f["gold"] > 0
    assert f["relaxed_f1"] > 0.8


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_TIMEBANK.is_dir(), reason="TimeBank not available")
def test_targets_on_all_of_timebank_and_aquaint() -> None:
    from eventgraph.evaluate.timex import evaluate

    f = evaluate(DEFAULT_TIMEBANK)["overall"].figures()
    assert f["relaxed_f1"] >= 0.92
    assert f["strict_f1"] >= 0.85

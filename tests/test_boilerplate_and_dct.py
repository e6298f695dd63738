"""Boilerplate becomes skip spans (text never rewritten); the DCT is inferred when metadata lacks it."""

from __future__ import annotations

from eventgraph.corpus import make_document
from eventgraph.corpus.boilerplate import find_skip_spans
from eventgraph.corpus.readers import RawText

BODY = "The minister announced new measures on Monday.\n\nThe opposition criticised them.\n"


def skipped(text: str) -> list[tuple[str, str]]:
    return [(s.reason, text[s.start : s.end]) for s in find_skip_spans(text)]


def test_teasers_and_foreign_ui_strings():
    text = BODY + "\nRead alsoMinister resigns after scandal - media\n\nВидео дня\n\n" + BODY
    assert skipped(text) == [
        ("teaser", "Read alsoMinister resigns after scandal - media"),
        ("foreign-ui-string", "Видео дня"),
    ]


def test_comment_section_runs_to_the_end():
    text = BODY + "\n4.5 2 votes\nArticle Rating\nNotify of\n\nJohn\n20-08-21 17:27\nGreat piece!\nReply\n"
    reasons = [r for r, _ in skipped(text)]
    assert reasons == ["rating-widget", "rating-widget", "comments"]
    assert skipped(text)[-1][1].endswith("Reply\n")


def test_article_text_is_not_skipped():
    assert skipped(BODY) == []


def test_masked_text_keeps_offsets():
    raw = RawText("a.txt", "txt", BODY + "Share on Facebook\n" + BODY)
    doc = make_document(raw)
    masked = doc.masked_text()
    assert len(masked) == len(doc.text)
    assert "Share" not in masked and masked.count("\n") == doc.text.count("\n")


def test_dct_from_comment_timestamps_is_inferred_at_day_precision():
    raw = RawText(
        "a.txt", "txt", BODY + "\nNotify of\n\nAnna\n20-08-21 17:27\nGood.\n\nBob\n21-08-21 09:02\nNo.\n"
    )
    doc = make_document(raw)
    assert (doc.dct.value, doc.dct.precision, doc.dct.source) == ("2021-08-20", "day", "inferred")


def test_dct_from_a_copyright_footer_is_a_year():
    doc = make_document(RawText("a.txt", "txt", BODY + "\n© 2019 Example News\n"))
    assert (doc.dct.value, doc.dct.precision, doc.dct.source) == ("2019", "year", "inferred")


def test_dct_lower_bound_from_the_latest_year_mentioned():
    doc = make_document(RawText("a.txt", "txt", "In 2008 there was a war. By 2014 things changed.\n" * 3))
    assert (doc.dct.value, doc.dct.mod) == ("2014", "ON_OR_AFTER")


def test_no_date_at_all_stays_unknown():
    doc = make_document(RawText("a.txt", "txt", BODY))
    assert doc.dct is None
    assert any("relative dates stay unresolved" in w for w in doc.warnings)


def test_related_article_teasers_and_disclaimers():
    text = (
        BODY
        + "\nThe views and opinions expressed in this article are those of the author.\n\n"
        + "Why Ports Matter: A New Trade Map\n\nShipping lanes have shifted since the pandemic, and...\n"
    )
    assert [r for r, _ in skipped(text)] == ["disclaimer", "related"]
    assert skipped(text)[1][1].startswith("Why Ports Matter")


def test_a_wire_dateline_is_skipped_so_the_first_sentence_parses_on_its_own():
    for text, dateline in [
        ("GENEVA, June 16 (Reuters) - The two presidents met.\n", "GENEVA, June 16 (Reuters) - "),
        ("Summit\n\nGeneva, June 16 (AP) — The two presidents met.\n", "Geneva, June 16 (AP) — "),
        ("KYIV/MOSCOW - Talks began.\n", "KYIV/MOSCOW - "),
        ("NEW YORK (AP) -- Stocks fell.\n", "NEW YORK (AP) -- "),
    ]:
        assert skipped(text) == [("dateline", dateline)]
    # a sentence with a dash, a place in title case without date and agency, a dateline further down: text
    late = BODY + BODY + "\nBERLIN - Text.\n"
    for text in ["Moscow - the talks resumed.\n", "The talks resumed - at last.\n", late]:
        assert skipped(text) == []

"""The corpus stage: every supported format, metadata, skip spans, and bad input that never stops a build."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eventgraph.corpus import read_corpus
from eventgraph.corpus.dates import parse_partial_date

ARTICLE = (
    "Officials met in the capital on Tuesday to discuss the new agreement between the two governments.\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def test_txt_text_is_kept_exactly_as_in_the_file(tmp_path):
    text = "Line one.\r\nLine two with “quotes” – and a dash.\r\n"
    write(tmp_path / "a.txt", text.encode("utf-8"))
    [doc] = read_corpus([tmp_path]).documents
    assert doc.text == text  # no newline translation, no normalisation
    assert doc.format == "txt"
    assert doc.id.startswith("doc_") and len(doc.sha256) == 64


def test_markdown_front_matter_is_metadata_and_a_skip_span(tmp_path):
    write(tmp_path / "a.md", f"---\ntitle: A title\npublished: 2021-08\nsource: Wire\n---\n{ARTICLE}")
    [doc] = read_corpus([tmp_path]).documents
    assert (doc.title, doc.source, doc.published) == ("A title", "Wire", "2021-08")
    assert doc.skip_spans[0].reason == "front-matter"
    assert doc.text.startswith("---")  # offsets still index the file
    assert doc.dct.value == "2021-08" and doc.dct.precision == "month"


def test_jsonl_one_article_per_line(tmp_path):
    lines = [{"text": ARTICLE, "title": "One", "published": "2020-07-29"}, {"text": ARTICLE + "More.\n"}]
    write(tmp_path / "batch.jsonl", "\n".join(json.dumps(x) for x in lines) + "\nnot json\n")
    corpus = read_corpus([tmp_path])
    assert [d.path for d in corpus.documents] == [f"{tmp_path}/batch.jsonl#L1", f"{tmp_path}/batch.jsonl#L2"]
    assert corpus.documents[0].dct.value == "2020-07-29"
    assert any("batch.jsonl:3: invalid JSON" in w for w in corpus.warnings)


def test_html_main_text_is_extracted(tmp_path):
    body = " ".join([ARTICLE.strip()] * 5)
    html = (
        f"<html><head><title>Talks</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Talks</h1><p>{body}</p><p>{body}</p></article>"
        f"<footer>© 2021 Site</footer></body></html>"
    )
    write(tmp_path / "page.html", html)
    [doc] = read_corpus([tmp_path]).documents
    assert "Officials met in the capital" in doc.text
    assert "Home | World" not in doc.text
    assert doc.format == "html"


def test_metadata_csv_beside_the_files(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(
        tmp_path / "metadata.csv", "file,title,source,url,published\na.txt,Title A,Outlet,http://x/a,2015\n"
    )
    [doc] = read_corpus([tmp_path]).documents
    assert (doc.title, doc.source, doc.url, doc.published) == ("Title A", "Outlet", "http://x/a", "2015")
    # A year-only publication date stays a year: never 2015-01-01.
    assert (doc.dct.value, doc.dct.precision, doc.dct.start, doc.dct.end) == (
        "2015",
        "year",
        "2015-01-01",
        "2016-01-01",
    )


def test_folders_are_read_recursively_in_a_stable_order(tmp_path):
    write(tmp_path / "b" / "z.txt", ARTICLE + "z")
    write(tmp_path / "a.txt", ARTICLE + "a")
    write(tmp_path / "b" / "c" / "y.md", ARTICLE + "y")
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    paths = [Path(d.path).name for d in read_corpus([tmp_path]).documents]
    assert paths == ["a.txt", "y.md", "z.txt"]  # sorted by path


class TestBadInput:
    def test_empty_file_is_skipped_with_a_reason(self, tmp_path):
        write(tmp_path / "empty.txt", "  \n")
        corpus = read_corpus([tmp_path])
        assert corpus.documents == []
        assert corpus.skipped[0].reason == "empty (no text)"

    def test_binary_file_is_skipped(self, tmp_path):
        write(tmp_path / "image.txt", bytes(range(256)) * 10)
        corpus = read_corpus([tmp_path])
        assert "binary" in corpus.skipped[0].reason

    def test_non_utf8_is_decoded_with_a_warning(self, tmp_path):
        write(tmp_path / "latin.txt", "Caf\xe9 talks in Zürich.\n".encode("cp1252"))
        corpus = read_corpus([tmp_path])
        assert corpus.documents[0].text == "Café talks in Zürich.\n"
        assert any("not valid UTF-8" in w and "Windows-1252" in w for w in corpus.warnings)

    @pytest.mark.slow
    def test_a_50_mb_file_is_read(self, tmp_path):
        paragraph = ARTICLE * 20 + "\n"
        write(tmp_path / "huge.txt", paragraph * (50_000_000 // len(paragraph) + 1))
        [doc] = read_corpus([tmp_path]).documents
        assert len(doc.text) >= 50_000_000

    def test_unreadable_file_is_skipped(self, tmp_path):
        # A dangling link is unreadable even for root (CI runs as root, so chmod 0 would not do).
        os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
        write(tmp_path / "ok.txt", ARTICLE)
        corpus = read_corpus([tmp_path])
        assert "cannot read" in corpus.skipped[0].reason and len(corpus.documents) == 1

    def test_missing_path_is_skipped(self, tmp_path):
        corpus = read_corpus([tmp_path / "nowhere"])
        assert corpus.skipped[0].reason == "no such file or directory"

    def test_malformed_metadata_row_names_file_and_line(self, tmp_path):
        write(tmp_path / "a.txt", ARTICLE)
        write(tmp_path / "b.txt", ARTICLE + "b")
        write(tmp_path / "metadata.csv", "file,title,published\na.txt,Too,many,fields\nb.txt,B,2019\n")
        corpus = read_corpus([tmp_path])
        assert any(w.startswith(f"{tmp_path / 'metadata.csv'}:2: expected 3 fields") for w in corpus.warnings)
        assert {Path(d.path).name: d.published for d in corpus.documents} == {"a.txt": None, "b.txt": "2019"}

    def test_published_that_is_not_a_date_falls_back_to_inference(self, tmp_path):
        write(tmp_path / "a.txt", ARTICLE + "The treaty of 2016 was recalled.\n")
        write(tmp_path / "metadata.csv", "file,published\na.txt,last Tuesday\n")
        [doc] = read_corpus([tmp_path]).documents
        assert any("metadata 'published' ignored" in w for w in doc.warnings)
        assert doc.dct.source == "inferred" and doc.dct.mod == "ON_OR_AFTER" and doc.dct.value == "2016"

    def test_duplicates_are_kept_once_with_both_paths(self, tmp_path):
        write(tmp_path / "one.txt", ARTICLE)
        write(tmp_path / "copy" / "two.txt", ARTICLE)
        corpus = read_corpus([tmp_path])
        [doc] = corpus.documents
        assert sorted(Path(p).name for p in doc.paths) == ["one.txt", "two.txt"]


def test_partial_dates_keep_their_precision():
    assert parse_partial_date("2021").precision == "year"
    assert parse_partial_date("2021-08").end == "2021-09-01"
    assert parse_partial_date("2021-12").end == "2022-01-01"
    assert parse_partial_date("2021-08-20T10:00:00Z").value == "2021-08-20"
    for bad in ("last Tuesday", "2021-13", "2021-02-30", ""):
        with pytest.raises(ValueError):
            parse_partial_date(bad)

"""`eventgraph timex`: offsets into the file as read, three output formats, clear errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventgraph import temporal
from eventgraph.cli import app
from eventgraph.temporal import rules

runner = CliRunner()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    # CRLF line ends, a BOM-less UTF-8 curly quote and a non-breaking space: offsets must count them as read
    path.write_bytes("Talks were held on Friday.\r\nNext month\u2019s vote, on 29\u00a0July 2020.\n".encode())
    return path


def test_json_offsets_are_into_the_file_as_read(article: Path) -> None:
    result = runner.invoke(app, ["timex", str(article), "--dct", "2020-08-09"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    with open(article, encoding="utf-8", newline="") as f:
        text = f.read()
    assert [r["text"] for r in records] == ["Friday", "Next month", "29\u00a0July 2020"]
    for r in records:
        assert text[r["start"] : r["end"]] == r["text"]
        assert set(r) <= {"start", "end", "text", "type", "value", "mod"}
    assert records[0]["value"] == "2020-08-07"
    assert records[1]["value"] == "2020-09"


def test_several_files_give_an_object_per_file(article: Path, tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text("In 2014.", encoding="utf-8")
    result = runner.invoke(app, ["timex", str(article), str(other)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[str(other)] == [{"start": 3, "end": 7, "text": "2014", "type": "DATE", "value": "2014"}]


def test_tml_output_is_timeml_with_inline_timex3(article: Path) -> None:
    import xml.etree.ElementTree as ET

    result = runner.invoke(app, ["timex", str(article), "--dct", "2020-08-09", "--format", "tml"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.output.encode())
    timexes = root.find("TEXT").findall("TIMEX3")
    assert [t.get("value") for t in timexes] == ["2020-08-07", "2020-09", "2020-07-29"]
    assert root.find("DCT/TIMEX3").get("value") == "2020-08-09"


def test_table_output(article: Path) -> None:
    result = runner.invoke(app, ["timex", str(article), "--dct", "2020", "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "2020-07-29..2020-07-30 (day)" in result.output


def test_invalid_dct_is_a_clear_error_not_a_traceback(article: Path) -> None:
    result = runner.invoke(app, ["timex", str(article), "--dct", "yesterday-ish"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "invalid date" in result.output


@pytest.mark.parametrize("dct", ["03/04/2021", "20.08.2021", "21-08-20", "2021/08/20"])
def test_a_dct_in_digits_in_another_order_is_refused_as_ambiguous(article: Path, dct: str) -> None:
    # 03/04/2021 is 3 April in Minsk and 4 March in New York: the tool does not guess.
    result = runner.invoke(app, ["timex", str(article), "--dct", dct])
    assert result.exit_code == 2 and result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith(f"error: --dct: ambiguous or unrecognised date {dct!r}")
    assert "YYYY, YYYY-MM, YYYY-MM-DD" in message and len(message.splitlines()) == 1


@pytest.mark.parametrize(
    ("dct", "friday"),
    [
        ("2020-08-09", "2020-08-07"),
        ("2020-08-09T10:00", "2020-08-07"),
        ("2020-08-09T10:00:00+02:00", "2020-08-07"),
        ("Aug. 9, 2020", "2020-08-07"),
        ("9 August 2020", "2020-08-07"),
    ],
)
def test_accepted_dct_forms(article: Path, dct: str, friday: str) -> None:
    result = runner.invoke(app, ["timex", str(article), "--dct", dct])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["value"] == friday


def test_broken_temporal_rules_are_one_line_not_a_traceback(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "temporal"
    shutil.copytree(rules.DATA, data)
    (data / "patterns.yaml").write_text("rules:\n  - name: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(rules, "DATA", data)
    rules._load.cache_clear()  # the rules are loaded once per process (a failed load is not kept)
    temporal.default_tagger.cache_clear()
    result = runner.invoke(app, ["timex", str(article)])
    assert result.exit_code == 2 and result.stdout == ""
    where = re.escape(str(data / "patterns.yaml"))
    assert re.match(f"error: {where}:3: not valid YAML: ", result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreadable_file_is_reported_and_skipped(article: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(app, ["timex", str(bad), str(article)])
    assert result.exit_code == 1
    assert "cannot read" in result.output

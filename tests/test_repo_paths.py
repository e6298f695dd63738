"""Files the documentation and build files point to exist (a renamed module leaves no stale pointer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [
    "README.md",
    "Makefile",
    "tests/neo4j/pom.xml",
    *(p.relative_to(ROOT) for p in ROOT.glob("tests/*.py")),
]
# tests/… paths, except what a build makes (Maven's target/)
MENTION = re.compile(r"\btests/(?!neo4j/target/)[\w./-]+\.[a-z]+\b")


@pytest.mark.parametrize("document", [str(d) for d in DOCUMENTS])
def test_every_tests_path_mentioned_exists(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    missing = sorted({m for m in MENTION.findall(text) if not (ROOT / m).exists()})
    assert not missing, f"{document} mentions {missing}"

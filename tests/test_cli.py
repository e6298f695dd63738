"""The command line as a user meets it: clear one-line errors (never a traceback), honest help, quiet output.

Fast: nothing here loads the spaCy model (a corpus of only empty files needs no extraction).
"""

from __future__ import annotations

import pytest
import spacy

from eventgraph import nlp
from eventgraph.nlp import DEFAULT_MODEL, ModelNotFound


def test_a_missing_model_says_how_to_install_it_never_a_package_index_name() -> None:
    with pytest.raises(ModelNotFound) as err:
        nlp.load("xx_no_such_pipeline")
    message = str(err.value)
    assert "python -m spacy download xx_no_such_pipeline" in message
    assert "--model" in message
    # "pip install xx-no-such-pipeline" would send users to squatted placeholders on PyPI
    assert "pip install xx" not in message


def test_the_missing_default_model_points_to_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> None:
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", not_installed)
    with pytest.raises(ModelNotFound) as err:
        nlp.load.__wrapped__(DEFAULT_MODEL)  # past the per-process cache
    message = str(err.value)
    assert "make install" in message and "requirements.lock" in message and "--model" in message
    assert "pip install en" not in message

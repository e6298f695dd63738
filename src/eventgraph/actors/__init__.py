"""The actor stage: who acts in a document, as canonical actors with evidence.

Public API:
- :class:`ActorStage` - loads the registry (packaged + ``Config.actor_files``) and the gazetteer once;
  ``recognize(document, sdoc)`` returns the actor mentions of one document, resolved within it;
  ``places(document, sdoc)`` returns its place mentions.
- :func:`resolve_actors` - across documents: one :class:`~eventgraph.model.Actor` per real-world actor.
- :func:`place_mentions` - GPE/LOC/FAC places with their country, for the event stage.
- :func:`shared_gazetteer` - the packaged gazetteer, loaded once per process (read it, do not change it);
  :func:`place_country` - the ISO code of the country a place name is in ("Minsk" → "BY").
"""

from __future__ import annotations

import functools

import spacy
from spacy.tokens import Doc

from ..config import Config
from ..model import ActorMention, Document
from .gazetteer import Country, Gazetteer, load_gazetteer
from .lexicon import CommonWords
from .places import PlaceMention, place_mentions
from .recognize import Recognizer
from .registry import Entry, Office, Registry, RegistryError, load_registry
from .resolve import resolve_actors

__all__ = [
    "ActorStage",
    "Country",
    "Entry",
    "Gazetteer",
    "Office",
    "PlaceMention",
    "Registry",
    "RegistryError",
    "load_gazetteer",
    "load_registry",
    "place_country",
    "place_mentions",
    "resolve_actors",
    "shared_gazetteer",
]


@functools.cache
def shared_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process and shared by the stages (treat it as read-only)."""
    return load_gazetteer()


def place_country(name: str) -> str | None:
    """ISO alpha-2 code of the country a place is in ("Minsk" → "BY", "Belarus" → "BY"); None if unknown."""
    return shared_gazetteer().place_country(name)


class ActorStage:
    """Recognises actors; build one per process (loading the registry and gazetteer takes ~1 s)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.registry: Registry = load_registry(config.actor_files)
        self.gazetteer: Gazetteer = shared_gazetteer()
        # A blank English tokenizer splits registry aliases exactly as the model's tokenizer splits text.
        # Ordinary English words, from the model the build reads text with (loaded when first needed).
        common = CommonWords(config.model)
        self._recognizer = Recognizer(self.registry, self.gazetteer, spacy.blank("en").tokenizer, common)

    @property
    def warnings(self) -> list[str]:
        """Problems found while loading the registry (conflicting aliases, replaced entries)."""
        return list(self.registry.warnings)

    def recognize(self, document: Document, sdoc: Doc) -> list[ActorMention]:
        """Every actor mention in ``document`` (``sdoc`` = spaCy over ``document.masked_text()``)."""
        return self._recognizer.recognize(document, sdoc)

    def places(self, document: Document, sdoc: Doc) -> list[PlaceMention]:
        return place_mentions(document, sdoc, self.gazetteer)

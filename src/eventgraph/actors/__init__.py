"""The actor stage: who acts in a document, as canonical actors with evidence.

Public API:
- :class:`ActorStage` - loads the registry (packaged + ``Config.actor_files``) and the gazetteer once;
  ``recognize(document, sdoc)`` returns the actor mentions of one document, resolved within it;
  ``places(document, sdoc)`` returns its place mentions.
- :func:`resolve_actors` - across documents: one :class:`~eventgraph.model.Actor` per real-world actor.
- :func:`place_mentions` - GPE/LOC/FAC places with their country, for the event stage.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from ..config import Config
from ..model import ActorMention, Document
from .gazetteer import Country, Gazetteer, load_gazetteer
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
    "place_mentions",
    "resolve_actors",
]


class ActorStage:
    """Recognises actors; build one per process (loading the registry and gazetteer takes ~1 s)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.registry: Registry = load_registry(config.actor_files)
        self.gazetteer: Gazetteer = load_gazetteer()
        # A blank English tokenizer splits registry aliases exactly as the model's tokenizer splits text.
        self._recognizer = Recognizer(self.registry, self.gazetteer, spacy.blank("en").tokenizer)

    @property
    def warnings(self) -> list[str]:
        """Problems found while loading the registry (conflicting aliases, replaced entries)."""
        return list(self.registry.warnings)

    def recognize(self, document: Document, sdoc: Doc) -> list[ActorMention]:
        """Every actor mention in ``document`` (``sdoc`` = spaCy over ``document.masked_text()``)."""
        return self._recognizer.recognize(document, sdoc)

    def places(self, document: Document, sdoc: Doc) -> list[PlaceMention]:
        return place_mentions(document, sdoc, self.gazetteer)

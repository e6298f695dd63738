"""Countries, capitals, government seats, demonyms and major cities.

Country names come from pycountry (official, common and short names); what pycountry lacks - capitals,
demonyms, the short names news text uses ("Russia", not "Russian Federation"), the seats that stand for a
government ("the Kremlin") - comes from the maintained data files in ``eventgraph/data/gazetteer/``;
capitals missing there and major cities come from ``places-geonames.yaml``, generated from GeoNames
(see :mod:`.genplaces`): its cities only give a place its country, they are not matched as names.
Every country gives two actors: the state (``state:BY``, "Belarus") and its government (``gov:BY``,
"Government of Belarus"), the target of capital and seat metonymy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from .. import yamlio
from ..config import DATA_DIR
from .text import fold

GAZETTEER_DIR = DATA_DIR / "gazetteer"
# Every country's capital and major cities from GeoNames, written by ``python -m eventgraph.actors.genplaces``
GENERATED = "places-geonames.yaml"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    leader: tuple[str, ...] = ("president", "prime_minister")
    wikidata: str | None = None
    end: str | None = None  # for historic states: the day it ceased to exist

    @property
    def state_key(self) -> str:
        return f"state:{self.code}"

    @property
    def government_key(self) -> str:
        return f"gov:{self.code}"

    @property
    def government_name(self) -> str:
        # "Government of the United States", as the country's own "the"-form says
        article = "the " if f"the {self.name}" in self.names else ""
        return f"Government of {article}{self.name}"


@dataclass
class Gazetteer:
    countries: dict[str, Country] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # folded country name → code
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym → code
    capitals: dict[str, list[str]] = field(default_factory=dict)  # folded capital → codes
    seats: dict[str, str] = field(default_factory=dict)  # folded seat ("Kremlin") → code
    cities: dict[str, str] = field(default_factory=dict)  # folded city → code (curated; matched in text)
    places: dict[str, str] = field(default_factory=dict)  # folded place → code (generated; look-up only)
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role phrase → offices

    def country(self, code: str | None) -> Country | None:
        return self.countries.get(code) if code else None

    def country_code(self, name: str) -> str | None:
        """The code of a country name ("Belarus", "the United States", "USA"), None if it is not one."""
        folded = fold(name).strip()
        return self.names.get(folded) or self.names.get(_drop_the(folded))

    def capital_codes(self, name: str) -> list[str]:
        folded = fold(name).strip()
        return self.capitals.get(folded) or self.capitals.get(_drop_the(folded)) or []

    def place_country(self, name: str) -> str | None:
        """The country a place name is in (a country is in itself), None if unknown."""
        folded = _drop_the(fold(name).strip())
        if code := self.country_code(folded):
            return code
        if codes := self.capital_codes(folded):
            return codes[0]
        return self.city_country(folded)

    def city_country(self, name: str) -> str | None:
        """The country of a city (curated cities first, then the generated list of major places)."""
        folded = _drop_the(fold(name).strip())
        return self.cities.get(folded) or self.places.get(folded)


def _drop_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _read_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yamlio.load(fh) or {}


def load_gazetteer(directory: Path = GAZETTEER_DIR) -> Gazetteer:
    gaz = Gazetteer()
    extra = _read_yaml(directory / "countries.yaml")
    generated = _read_yaml(directory / GENERATED) if (directory / GENERATED).exists() else {}
    generated_capitals = generated.get("capitals") or {}
    known = {c.alpha_2: c for c in pycountry.countries}
    known.setdefault("SU", pycountry.historic_countries.get(alpha_2="SU"))
    for code in sorted(set(known) | set(extra)):
        rec = known.get(code)
        data = extra.get(code, {})
        pc_names = (
            [getattr(rec, attr, None) for attr in ("common_name", "name", "official_name")] if rec else []
        )
        pc_names = [n for n in pc_names if n]
        display = data.get("name") or (pc_names[0] if pc_names else code)
        country = Country(
            code=code,
            name=display,
            names=tuple(dict.fromkeys([display, *data.get("names", []), *pc_names])),
            # curated capitals, else the generated one (which may stand for the government)
            capitals=tuple(
                data.get("capitals")
                or ([generated_capitals[code]] if code in generated_capitals and rec is not None else [])
            ),
            demonyms=tuple(data.get("demonyms", [])),
            seats=tuple(data.get("seats", [])),
            leader=tuple(data.get("leader", ("president", "prime_minister"))),
            wikidata=data.get("wikidata"),
            end=(data.get("historic") or {}).get("end"),
        )
        gaz.countries[code] = country
        for name in country.names:
            # pycountry's inverted official forms ("Iran, Islamic Republic of") never occur in running text
            if "," not in name:
                gaz.names.setdefault(fold(name), code)
        for demonym in country.demonyms:
            gaz.demonyms.setdefault(fold(demonym), code)
        for capital in country.capitals:
            gaz.capitals.setdefault(fold(capital), []).append(code)
        for seat in country.seats:
            gaz.seats.setdefault(fold(_drop_the(seat)), code)
    places = {**_read_yaml(directory / "cities.yaml")}
    for code, regions in _read_yaml(directory / "regions.yaml").items():
        places[code] = [*(places.get(code) or []), *(regions or [])]
    for code, cities in places.items():
        for city in cities or []:
            gaz.cities.setdefault(fold(city), str(code))
    for code, names in (generated.get("places") or {}).items():
        if str(code) in gaz.countries:
            for name in names or []:
                gaz.places.setdefault(fold(name), str(code))
    for phrase, offices in _read_yaml(directory / "roles.yaml").items():
        gaz.roles[fold(str(phrase)).lower()] = tuple(offices)
    return gaz

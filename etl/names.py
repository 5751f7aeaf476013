"""Privacy: find what looks like a person's full name in free text (summaries, notes).

Defendants appear by initials only (data/README.md). A full name typed into a summary would
be published unless someone notices, so it is an error until the maintainer acknowledges
the phrase as a public figure's name in etl/public_figures.txt (issue #16). A "full name" is
a given name followed by a surname, both capitalised, in Latin or Cyrillic letters, the
surname with an ending Central Asian, Russian or Ukrainian surnames use (-ov, -eva, -zoda,
-uly, -enko...): place names, outlets and officials' titles ("Prosecutor General", "Radio
Azattyk", "Nizhny Novgorod") do not have that shape.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PUBLIC_FIGURES = Path(__file__).with_name("public_figures.txt")
# Columns holding free prose about a record.
PROSE_COLUMNS = ("summary", "note", "contradictions")

_LATIN_ENDINGS = (
    "ov|ova|ev|eva|yov|yova|in|ina|yn|yna|sky|skiy|skii|skaya|enko|ko|uk|yuk|chuk|vich"
    "|ovich|evich|zoda|zade|zada|uly|uli|ulu|uulu|kyzy|kizi|qizi|dze|shvili|yan|bekov"
)
_CYRILLIC_ENDINGS = (
    "ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|енко|ко|ук|юк|ич|зода|заде|улы|уулу|кызы"
)
# Words that start a capitalised pair without being a given name: titles, function words,
# nationalities and the like (checked against data/ when the rule was written).
NOT_GIVEN_NAMES = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "after",
        "before",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "per",
        "the",
        "to",
        "with",
        "without",
        "via",
        "same",
        "reports",
        "report",
        "citing",
        "cites",
        "relays",
        "retells",
        "republishes",
        "summarises",
        "explains",
        "lists",
        "claims",
        "deputy",
        "former",
        "retired",
        "acting",
        "late",
        "then",
        "mp",
        "president",
        "minister",
        "general",
        "judge",
        "colonel",
        "major",
        "senator",
        "mayor",
        "governor",
        "ambassador",
        "prosecutor",
        "lieutenant",
        "captain",
        "sergeant",
        "commander",
        "chief",
        "head",
        "director",
        "spokesman",
        "spokeswoman",
        "dr",
        "mr",
        "mrs",
        "ms",
        "saint",
        "st",
        "north",
        "south",
        "east",
        "west",
        "new",
        "old",
        "upper",
        "lower",
        "greater",
        "great",
        "lake",
        "river",
        "mount",
        "cape",
        "fort",
        "port",
        "camp",
        "village",
        "district",
        "region",
        "radio",
        "central",
        "russian",
        "ukrainian",
        "kyrgyz",
        "uzbek",
        "tajik",
        "kazakh",
        "turkmen",
        "ethnic",
        "exiled",
        "soviet",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
# Second words with a surname's ending that are not surnames.
NOT_SURNAMES = frozenset(
    ["july", "uzbek", "russian", "ukrainian", "belarusian", "kremlin", "berlin"]
)
# Two capitalised words, in RE2 syntax: the refresh prefilters whole columns with it (a
# simple pattern is fast in Arrow) and looks closer only at the values it finds.
PAIR_RE = r"[A-ZА-ЯЁ][a-zа-яё]+ [A-ZА-ЯЁ][a-zа-яё]+"
_NAME = re.compile(
    r"(?<![^\W\d_])([A-ZА-ЯЁ][a-zа-яё]+) ([A-ZА-ЯЁ][a-zа-яё]*"
    rf"(?:{_LATIN_ENDINGS}|{_CYRILLIC_ENDINGS}))(?![^\W\d_])"
)


def full_names(text: str) -> list[str]:
    """Every phrase in the text that looks like a full name and is not acknowledged."""
    allowed = public_figures()
    return [
        f"{given} {surname}"
        for given, surname in _NAME.findall(text)
        if given.lower() not in NOT_GIVEN_NAMES
        and surname.lower() not in NOT_SURNAMES
        and f"{given} {surname}" not in allowed
    ]


@cache
def public_figures(path: Path = PUBLIC_FIGURES) -> frozenset[str]:
    """Acknowledged names: one per line, '#' starts a comment (who they are, for review)."""
    if not path.exists():
        return frozenset()
    names = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return frozenset(n for n in names if n)

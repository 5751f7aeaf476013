"""The shared rules for ids and invisible characters, used by the refresh and the dashboard.

One rule for every reader of an id (issue #16): the validator accepts exactly the record ids
the explorer's links accept, so a published record always has a working permalink.
"""

from __future__ import annotations

import re

# Key column -> the letter its ids start with (S-0001, C-0001, ...).
PREFIXES = {
    "source_id": "S",
    "case_id": "C",
    "incident_id": "I",
    "claim_id": "F",
    "law_id": "L",
}
MAX_DIGITS = 9
# The record types the explorer opens by id (?id=C-0001, ?ids=...).
EXPLORER_PREFIXES = ("C", "I", "F")


def id_pattern(prefixes: str | tuple[str, ...]) -> str:
    """The id of a record of one of these kinds, as a regular expression (RE2 and Python)."""
    letters = "".join(prefixes)
    return rf"[{letters}]-[0-9]{{1,{MAX_DIGITS}}}"


EXPLORER_ID = re.compile(rf"^{id_pattern(EXPLORER_PREFIXES)}$")

# Characters that are invisible, or reorder or disguise text (CVE-2021-42574 "Trojan Source",
# Unicode's Default_Ignorable_Code_Point and the Hangul fillers): never legitimate in a
# record. Written as the characters themselves: Arrow's regex engine (RE2) has no \u.
INVISIBLE_RANGES = (
    ("\u00ad", "\u00ad"),  # soft hyphen
    ("\u034f", "\u034f"),  # combining grapheme joiner
    ("\u061c", "\u061c"),  # Arabic letter mark
    ("\u115f", "\u1160"),  # Hangul choseong/jungseong fillers
    ("\u17b4", "\u17b5"),  # Khmer inherent vowels
    ("\u180b", "\u180f"),  # Mongolian variation selectors, vowel separator
    ("\u200b", "\u200f"),  # zero-width space ... right-to-left mark
    ("\u202a", "\u202e"),  # bidi embeddings and overrides
    ("\u2060", "\u206f"),  # word joiner ... nominal digit shapes (incl. U+206E)
    ("\u2800", "\u2800"),  # braille blank
    ("\u3164", "\u3164"),  # Hangul filler
    ("\ufe00", "\ufe0f"),  # variation selectors
    ("\ufeff", "\ufeff"),  # byte-order mark / zero-width no-break space
    ("\uffa0", "\uffa0"),  # halfwidth Hangul filler
    ("\ufff0", "\ufffb"),  # interlinear annotation marks
    ("\U0001d173", "\U0001d17a"),  # musical symbol formatting
    ("\U000e0000", "\U000e0fff"),  # TAG characters, variation selectors supplement
)
INVISIBLE_RE = "[" + "".join(a if a == b else f"{a}-{b}" for a, b in INVISIBLE_RANGES) + "]"
INVISIBLE_NAMES = "U+00AD, U+061C, U+200B-U+206F, U+3164, U+FEFF, TAG characters and others"
# Every first character of the ranges, for byte prefilters (their UTF-8 lead bytes).
INVISIBLE_CHARS = tuple(a for a, _ in INVISIBLE_RANGES)
INVISIBLE = re.compile(INVISIBLE_RE)

# Hosts a public source never lives on: loopback, private networks, link-local (cloud
# metadata at 169.254.169.254), and names that only resolve inside a network. RE2 syntax,
# matched against the lower-cased host (with any :port).
INTERNAL_HOST_RE = (
    r"^(?:[^@]*@)?(?:"
    r"localhost|.*\.localhost|.*\.(?:internal|local|localdomain|lan|intranet|corp|home\.arpa)"
    r"|metadata|metadata\.google\.internal|instance-data"
    r"|(?:.*\.)?(?:127|10|0)\.[0-9]+\.[0-9]+\.[0-9]+(?:\..*)?"
    r"|(?:.*\.)?169\.254\.[0-9]+\.[0-9]+(?:\..*)?"
    r"|(?:.*\.)?192\.168\.[0-9]+\.[0-9]+(?:\..*)?"
    r"|(?:.*\.)?172\.(?:1[6-9]|2[0-9]|3[01])\.[0-9]+\.[0-9]+(?:\..*)?"
    r"|\[.*\]"
    r")\.?(?::[0-9]*)?$"
)

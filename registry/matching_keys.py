"""The keys that search and ingest block and compare on, computed whenever a name or birth date is written.

Names keep their case and accents for display; these keys are the matching form: transliterated to
ASCII, lower case, apostrophes dropped, hyphens and other punctuation turned to spaces. The phonetic
code is Metaphone (jellyfish), taken over the whole name without spaces so that 'Smith-Jones' and
'Smith Jones' agree.
"""

import re
import unicodedata
from datetime import date

import jellyfish
from anyascii import anyascii

# The fields a child's matching keys are made from, and the keys, in the order they are stored.
MATCHING_KEY_SOURCES = ("given_names", "family_name", "date_of_birth")
MATCHING_KEY_FIELDS = (
    "given_names_norm",
    "family_name_norm",
    "given_name_phonetic",
    "family_name_phonetic",
    "birth_year",
    "birth_month",
    "birth_day",
)
_APOSTROPHES = re.compile("['`\u2018\u2019]")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def name_normalise(name: str) -> str:
    """'  Zoë  O'Neill-Smith ' -> 'zoe oneill smith'; curly apostrophes too."""
    text = anyascii(unicodedata.normalize("NFC", name or "")).lower()
    text = _APOSTROPHES.sub("", text)
    return _NOT_ALPHANUMERIC.sub(" ", text).strip()


def name_phonetic(normalised_name: str) -> str:
    """The Metaphone code of a normalised name, ignoring spaces; '' for an empty name."""
    compact = normalised_name.replace(" ", "")
    return jellyfish.metaphone(compact)[:16] if compact else ""


def first_name(normalised_names: str) -> str:
    return normalised_names.split(" ", 1)[0] if normalised_names else ""


def child_matching_keys(*, given_names: str, family_name: str, date_of_birth: date) -> dict:
    """Every matching key of a child, as model field names and values."""
    given_norm = name_normalise(given_names)
    family_norm = name_normalise(family_name)
    return {
        "given_names_norm": given_norm,
        "family_name_norm": family_norm,
        "given_name_phonetic": name_phonetic(first_name(given_norm)),
        "family_name_phonetic": name_phonetic(family_norm),
        "birth_year": date_of_birth.year,
        "birth_month": date_of_birth.month,
        "birth_day": date_of_birth.day,
    }

"""How alike a searched-for name is to a child's, from 0 to 1, forgiving what people get wrong.

Names are compared in their normalised form (registry.matching_keys), so accents, apostrophes and
hyphens are already out of the way: Zoë is zoe, O'Neill is oneill, Smith-Jones is 'smith jones'.
Then, word by word, the best of:
- spelling: Jaro-Winkler, or an allowance for one or two typing errors (a letter missed, added,
  changed, or two swapped), which Jaro-Winkler undervalues in short names;
- another form of the name (Bill for William; given names only, see name_variants);
- the same sound (Metaphone).
Given names may come in another order, or be only some of the child's; a family name may be one
half of a double-barrelled one, or typed without its space or hyphen.
"""

from functools import lru_cache

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from registry.search.name_variants import name_variants

ONE_TYPING_ERROR = 0.9
TWO_TYPING_ERRORS = 0.8
SAME_SOUND = 0.85
# A searched-for name that matches the child's second given name, not the first.
NOT_THE_FIRST_GIVEN_NAME = 0.95
# A searched-for family name that is only part of the child's (Smith for Smith-Jones).
PART_OF_THE_FAMILY_NAME = 0.95
_SHORTEST_FOR_ONE_ERROR = 3
_SHORTEST_FOR_TWO_ERRORS = 6
_SHORTEST_SOUND = 2


def spelling_similarity(typed: str, stored: str) -> float:
    """Jaro-Winkler, raised to the typing-error allowance where that is higher."""
    if typed == stored:
        return 1.0
    return max(
        JaroWinkler.normalized_similarity(typed, stored), typing_error_similarity(typed, stored)
    )


def typing_error_similarity(typed: str, stored: str) -> float:
    """ONE_TYPING_ERROR or TWO_TYPING_ERRORS for words long enough to carry them, else 0."""
    longer = max(len(typed), len(stored))
    if longer < _SHORTEST_FOR_ONE_ERROR:
        return 1.0 if typed == stored else 0.0
    errors = OSA.distance(typed, stored, score_cutoff=2)
    if errors <= 1:
        return 1.0 if errors == 0 else ONE_TYPING_ERROR
    if errors == 2 and longer >= _SHORTEST_FOR_TWO_ERRORS:
        return TWO_TYPING_ERRORS
    return 0.0


@lru_cache(maxsize=65536)
def sound_of(word: str) -> str:
    return jellyfish.metaphone(word)


class SearchedName:
    """One name as searched for, compared with many children's names; each answer is remembered."""

    def __init__(self, normalised: str):
        self.words = normalised.split()
        self.compact = "".join(self.words)
        self.variants = [name_variants(word) for word in self.words]
        self.sounds = [sound_of(word) for word in self.words]
        self._given_names_seen: dict[str, float] = {}
        self._family_names_seen: dict[str, float] = {}
        self._words_seen: dict[tuple[int, str, bool], float] = {}

    def __bool__(self) -> bool:
        return bool(self.words)

    def similarity_to_given_names(self, stored: str) -> float:
        """Against a child's normalised given names: in any order, the first counting double."""
        if (known := self._given_names_seen.get(stored)) is not None:
            return known
        stored_words = stored.split()
        if self.compact == "".join(stored_words):
            similarity = 1.0
        else:
            first, position = max(
                (self._word_similarity(0, word, with_variants=True), -position)
                for position, word in enumerate(stored_words)
            )
            if position:
                first *= NOT_THE_FIRST_GIVEN_NAME
            others = [
                self._best_word_similarity(index, stored_words, with_variants=True)
                for index in range(1, len(self.words))
            ]
            similarity = max(
                (2 * first + sum(others)) / (2 + len(others)),
                self._compact_similarity(stored_words),
            )
        self._given_names_seen[stored] = similarity
        return similarity

    def similarity_to_family_name(self, stored: str) -> float:
        """Against a child's normalised family name: each word typed must be in it."""
        if (known := self._family_names_seen.get(stored)) is not None:
            return known
        stored_words = stored.split()
        if self.compact == "".join(stored_words):
            similarity = 1.0
        else:
            by_word = sum(
                self._best_word_similarity(index, stored_words, with_variants=False)
                for index in range(len(self.words))
            ) / len(self.words)
            if len(stored_words) > len(self.words):
                by_word *= PART_OF_THE_FAMILY_NAME
            similarity = max(by_word, self._compact_similarity(stored_words))
        self._family_names_seen[stored] = similarity
        return similarity

    def _compact_similarity(self, stored_words: list[str]) -> float:
        """The whole name without spaces, 'lilymea' for 'Lily-Mae', with typing errors only:
        Jaro-Winkler would rate 'oliver' close to 'olivia beverley' for the letters they share."""
        if len(self.words) == 1 and len(stored_words) == 1:
            return 0.0  # the word-by-word comparison has done this already
        return typing_error_similarity(self.compact, "".join(stored_words))

    def _best_word_similarity(
        self, index: int, stored_words: list[str], *, with_variants: bool
    ) -> float:
        return max(
            self._word_similarity(index, word, with_variants=with_variants) for word in stored_words
        )

    def _word_similarity(self, index: int, stored_word: str, *, with_variants: bool) -> float:
        key = (index, stored_word, with_variants)
        if (known := self._words_seen.get(key)) is None:
            known = self._words_seen[key] = self._word_similarity_new(
                index, stored_word, with_variants
            )
        return known

    def _word_similarity_new(self, index: int, stored_word: str, with_variants: bool) -> float:
        typed = self.words[index]
        if typed == stored_word:
            return 1.0
        similarity = spelling_similarity(typed, stored_word)
        if with_variants:
            similarity = max(similarity, self.variants[index].get(stored_word, 0.0))
        sound = self.sounds[index]
        if (
            similarity < SAME_SOUND
            and len(sound) >= _SHORTEST_SOUND
            and sound == sound_of(stored_word)
        ):
            similarity = SAME_SOUND
        return similarity

"""Vietnamese text normalisation, once, for indexing and querying alike.

* :func:`normalize` - Unicode NFC, one tone-mark placement (``hoà`` → ``hòa``),
  lower case: the *exact* form, which keeps diacritics;
* :func:`fold` - the normalised form without tone and vowel marks, with
  ``đ`` → ``d``: what people type on a phone without a Vietnamese keyboard;
* :func:`fold_tokens` - the tokens documents and queries are matched by: folded, and
  one spelling for the i/y variants (``quý``/``quí`` → ``qui``, ``tỷ``/``tỉ`` → ``ti``).
  The folding itself (and :func:`nfc`) is the product's one, :mod:`registry.text`;
  this module adds tone placement and tokens.

``fold(normalize(text))`` has exactly as many characters as ``nfc(text)``, so a
position found in the folded text is the same position in the original text
(used for highlighted snippets).

Both forms are tokenised the same way by every engine: runs of letters and
digits; punctuation inside document numbers (``17/NQ-CP``, ``1234/QĐ-UBND``,
``1.000948.H38``) separates tokens, and a query holding such a number searches
its tokens as a phrase, so the number matches as typed and without the đ.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from registry.text import fold_nfc, lower, nfc

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# A word longer than 500 letters (never Vietnamese) is cut into pieces: every
# token stays a valid lexeme for every engine (PostgreSQL: at most 2047 bytes).
TOKEN = re.compile(r"[^\W_]{1,500}")


# "Old style" places the tone on the first vowel of an open oa / oe / uy
# syllable (hòa, hòe, thùy); "new style" on the second (hoà, hoè, thuỳ). We
# store and query the old style; both are written by real editors.
def _tone_swaps():
    """NFC pairs: new-style "oà" → old-style "òa" (and oe, uy)."""
    swaps = {}
    for first, seconds in (("o", "ae"), ("O", "ae"), ("o", "AE"), ("O", "AE"), ("u", "y"), ("U", "y"), ("u", "Y"), ("U", "Y")):
        for second in seconds:
            for mark in TONE_MARKS:
                toned_second = unicodedata.normalize("NFC", second + mark)
                toned_first = unicodedata.normalize("NFC", first + mark)
                swaps[first + toned_second] = toned_first + second
    return swaps


_SWAPS = _tone_swaps()
# The pattern starts with its first letter, the "not after q" look-behind after it: the
# regular expression engine then skips to the next o or u at C speed (three times faster
# on a body than looking behind at every character).
_SWAP_RE = re.compile("[oOuU](?<![qQ][oOuU])[" + "".join(sorted({k[1] for k in _SWAPS})) + "](?![^\\W_])")


def normalize_tones(text: str) -> str:
    """NFC and one tone placement; keeps case and diacritics (for display)."""
    text = nfc(text)
    # After q the u belongs to the consonant (quý): never swapped.
    return _SWAP_RE.sub(lambda m: _SWAPS.get(m.group(0), m.group(0)), text)


def normalize(text: str) -> str:
    """NFC, one tone placement, lower case. Keeps diacritics."""
    return lower(normalize_tones(text))


def fold(text: str) -> str:
    """The normalised text without diacritics (đ → d), same length as ``normalize(text)``."""
    return fold_nfc(normalize(text))


# Syllables written with a final i or y alike (quý/quí, tỷ/tỉ, kỹ/kĩ, lý/lí, mỹ/mĩ,
# sỹ/sĩ, hy/hi): both are in real texts and in what people type. Folded tokens use i.
# Only after these onsets: "ay"/"ai", "uy"/"ui", "vy"/"vi" are different words.
_I_Y_ONSETS = "h|k|l|m|qu|s|t"
_I_Y_VARIANT = re.compile(rf"^({_I_Y_ONSETS})([yýỳỷỹỵ])$")
_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


def unify_spelling(token: str) -> str:
    """One spelling for a token's i/y variants, folded or with its marks
    (``quy`` → ``qui``, ``quý`` → ``quí``); other tokens unchanged."""
    match = _I_Y_VARIANT.match(token)
    return match.group(1) + match.group(2).translate(_Y_TO_I) if match else token


_FOLDED_I_FORM = re.compile(rf"^({_I_Y_ONSETS})i$")  # the one spelling of a folded variant


def words_pattern(keys) -> re.Pattern:
    """One regular expression for the whole words of folded text whose one spelling is
    one of ``keys`` (folded tokens in their one spelling): ``qui`` finds ``qui`` and ``quy``.
    A key that is not in its one spelling finds nothing, as it matches no token."""
    alternatives = set()
    for key in keys:
        if not key or unify_spelling(key) != key:
            continue
        match = _FOLDED_I_FORM.match(key)
        alternatives.add(match.group(1) + "[iy]" if match else re.escape(key))
    if not alternatives:
        return re.compile(r"(?!)")
    # Longest first, and whole tokens only (not inside a longer run of letters and digits).
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(ordered) + r")(?![^\W_])")


def fold_token(normal_token: str) -> str:
    """A token of normalised text as documents and queries are matched: folded, one spelling."""
    return unify_spelling(fold_nfc(normal_token))


class _PerToken(dict):
    """token -> ``function(token)``, computed once per process: words repeat (a few
    thousand Vietnamese syllables make most text). A plain dict read from C
    (``map(cache.__getitem__, tokens)``) costs half an ``lru_cache`` call; it is
    emptied when it reaches ``limit`` words."""

    def __init__(self, function, limit: int = 1 << 18):
        super().__init__()
        self.function, self.limit = function, limit

    def __missing__(self, token: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        value = self[token] = self.function(token)
        return value


_FOLDED = _PerToken(fold_token)
_UNIFIED = _PerToken(unify_spelling)


def fold_tokens(normal_tokens: list[str]) -> list[str]:
    """The folded form of each token of normalised text (:func:`fold_token`)."""
    return list(map(_FOLDED.__getitem__, normal_tokens))


def unify_tokens(normal_tokens: list[str]) -> list[str]:
    """Each token of normalised text in its one spelling, marks kept (:func:`unify_spelling`;
    as documents store their exact tokens)."""
    return list(map(_UNIFIED.__getitem__, normal_tokens))


def has_diacritics(text: str) -> bool:
    normal = normalize(text)
    return fold(normal) != normal


# Punctuation that separates words in running text: spaces in its place leave
# tokens that str.split finds.
_SEPARATORS = ",.;:!?()\"'/-%"


def tokens(text: str) -> list[str]:
    """The tokens (:data:`TOKEN`) of ``text``, in order. Python's regular
    expressions are slow on Unicode text, so the common case is done at C speed:
    the usual punctuation made spaces, the text split on spaces; when every piece
    is a token (letters and digits, ``str.isalnum`` being what ``[^\\W_]``
    matches, at most 500 of them) that is the answer; otherwise the pieces that
    are not are searched with :data:`TOKEN`."""
    for separator in _SEPARATORS:
        if separator in text:
            text = text.replace(separator, " ")
    pieces = text.split()
    if all(map(str.isalnum, pieces)) and max(map(len, pieces), default=0) <= 500:
        return pieces
    found: list[str] = []
    add, extend, findall = found.append, found.extend, TOKEN.findall
    for piece in pieces:
        if len(piece) <= 500 and piece.isalnum():
            add(piece)
        else:
            extend(findall(piece))
    return found


MAX_QUERY_CHARS = 200
MAX_TERMS = 12


# Words of how a question is asked rather than what it is about ("thủ tục đăng ký kết
# hôn", "làm giấy khai sinh ở đâu"): a document need not hold them (search.ranking
# still ranks the whole query as typed, so "lam nghiep" puts "lâm nghiệp" first).
# Matched folded, as every word is. A query of only such words needs them all.
OPTIONAL_WORDS = (
    "thủ tục",
    "ở đâu",
    "như thế nào",
    "thế nào",
    "làm sao",
    "bao nhiêu",
    "là gì",
    "cách",
    "làm",
    "ở",
    "đâu",
    "gì",
    "nào",
    "cho",
    "của",
    "về",
    "tại",
    "và",
    "với",
    "cần",
    "xin",
    "muốn",
    "tôi",
    "các",
    "những",
    "được",
)


def _optional_sequences() -> list[tuple[str, ...]]:
    """The folded tokens of OPTIONAL_WORDS, longest first."""
    sequences = {tuple(fold_tokens(normalize(words).split())) for words in OPTIONAL_WORDS}
    return sorted(sequences, key=lambda tokens: -len(tokens))


@dataclass
class ParsedQuery:
    """A user's query as groups of tokens: each group is a word or a phrase.

    Every group of ``folded`` / ``exact`` must match (AND). A group of several
    tokens (a quoted phrase or a document number such as 17/NQ-CP) matches as a
    phrase. ``exact`` groups keep diacritics (the exact-marks tie-breaker),
    ``folded`` groups do not. ``optional``: folded groups of OPTIONAL_WORDS, which
    are not required; ``typed``: every folded group, in the order typed (the
    phrase and proximity tiers of search.ranking read both).
    """

    raw: str = ""
    exact: list[list[str]] = field(default_factory=list)
    folded: list[list[str]] = field(default_factory=list)
    truncated: bool = False
    has_diacritics: bool = False
    optional: list[list[str]] = field(default_factory=list)
    typed: list[list[str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.folded

    def terms(self) -> list[str]:
        """Distinct folded tokens."""
        seen = []
        for group in self.folded:
            for token in group:
                if token not in seen:
                    seen.append(token)
        return seen

    def highlight_terms(self) -> dict[str, set[str] | None]:
        """What a highlighted word must be: {folded token: the forms typed with marks
        (normalised, one spelling), or None when it was typed without marks (then any
        word that folds to it)}. ``thống`` typed marks ``thống``, never ``thông``."""
        wanted: dict[str, set[str] | None] = {}
        for exact_group, folded_group in zip(self.exact, self.folded):
            for exact, folded in zip(exact_group, folded_group):
                if fold_nfc(exact) == exact:  # typed without marks: every look-alike
                    wanted[folded] = None
                elif folded not in wanted or wanted[folded] is not None:
                    wanted.setdefault(folded, set()).add(unify_spelling(exact))
        return wanted


_OPTIONAL_SEQUENCES = _optional_sequences()
_QUOTED = re.compile(r'"([^"]*)"')
# A "word" in a query: letters/digits possibly joined by / - . (document numbers).
_WORD = re.compile(r"[^\W_]+(?:[/\-.][^\W_]+)*")


def parse_query(text: str) -> ParsedQuery:
    """Parse anything a citizen may type; never raises.

    Operators of any engine (AND, OR, NEAR, *, ^, quotes, parentheses) are
    treated as plain words or ignored: the engines build their own query
    syntax from the groups, so no user input reaches a query parser unquoted.
    """
    cleaned = nfc(text or "").strip()
    truncated = len(cleaned) > MAX_QUERY_CHARS
    cleaned = cleaned[:MAX_QUERY_CHARS]
    normal = normalize(cleaned)
    groups: list[list[str]] = []
    # Balanced quotes are phrases; an unbalanced quote is ignored.
    pos = 0
    pieces: list[tuple[str, bool]] = []
    if normal.count('"') >= 2:
        for match in _QUOTED.finditer(normal):
            pieces.append((normal[pos : match.start()], False))
            pieces.append((match.group(1), True))
            pos = match.end()
    pieces.append((normal[pos:], False))
    for piece, is_phrase in pieces:
        if is_phrase:
            phrase = tokens(piece)
            if phrase:
                groups.append(phrase)
            continue
        for word in _WORD.findall(piece):
            groups.append(tokens(word))
    # Drop duplicates, keep order, cap the number of groups.
    unique: list[list[str]] = []
    for group in groups:
        if group not in unique:
            unique.append(group)
    if len(unique) > MAX_TERMS:
        unique = unique[:MAX_TERMS]
        truncated = True
    folded = [fold_tokens(group) for group in unique]
    exact = [list(map(unify_spelling, group)) for group in unique]  # as documents store them
    optional = _optional_groups(folded)
    if all(optional):
        optional = [False] * len(exact)
    return ParsedQuery(
        raw=cleaned,
        exact=[g for g, skip in zip(exact, optional) if not skip],
        folded=[g for g, skip in zip(folded, optional) if not skip],
        truncated=truncated,
        has_diacritics=any(e != f for e, f, skip in zip(exact, folded, optional) if not skip),
        optional=[g for g, skip in zip(folded, optional) if skip],
        typed=folded,
    )


def _optional_groups(folded: list[list[str]]) -> list[bool]:
    """Which groups are OPTIONAL_WORDS: one-word groups forming one of its sequences,
    folded (so a query typed with or without marks reads alike; "cửa" is "của" then,
    and the phrase tier still puts "một cửa" first)."""
    optional = [False] * len(folded)
    words = [group[0] if len(group) == 1 else None for group in folded]
    for start in range(len(words)):
        for sequence in _OPTIONAL_SEQUENCES:
            if tuple(words[start : start + len(sequence)]) == sequence:
                optional[start : start + len(sequence)] = [True] * len(sequence)
                break
    return optional

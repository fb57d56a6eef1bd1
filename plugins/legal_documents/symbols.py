"""Number/symbol of a legal document (số, ký hiệu; Decree 30/2020 Appendix I).

Examples as written: ``17/NQ-CP``, ``42/2022/NĐ-CP``, ``1234/QĐ-UBND``,
``04/TTr-SNgV``, ``3364/VPCP-KSTT``. A symbol that does not parse is kept as
typed (the editor gets a warning); lookups use :func:`fold`, so ``QD-UBND``
finds ``QĐ-UBND``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from registry.text import fold_words, strip_marks

SYMBOL_RE = re.compile(
    r"^(?P<number>\d{1,6}[A-Za-z]?)\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
    r"(?P<code>[^\W\d_][\w.]*(?:\s*-\s*[\w.]+)*)$",
    re.UNICODE,
)


@dataclass(frozen=True)
class ParsedSymbol:
    number: str
    year: int | None
    type_code: str  # first part of the symbol: NĐ, QĐ, NQ ... (or the issuer of a công văn)
    issuer_code: str  # the rest: CP, UBND, SNgV, VPCP-KSTT ...

    @property
    def folded_type_code(self) -> str:
        return fold(self.type_code)


# Dashes that editors paste for the hyphen of a symbol (QĐ–UBND): hyphen,
# non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus.
_DASHES = {ord(dash): "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}


def normalise(text: str) -> str:
    """NFC, single spaces, one kind of hyphen, no spaces around / and -."""
    text = unicodedata.normalize("NFC", text or "").strip().translate(_DASHES)
    text = re.sub(r"\s*([/-])\s*", r"\1", text)
    return re.sub(r"\s+", " ", text)


def parse(symbol: str) -> ParsedSymbol | None:
    match = SYMBOL_RE.match(normalise(symbol))
    if match is None:
        return None
    code = match["code"].replace(" ", "")
    type_code, _sep, issuer_code = code.partition("-")
    year = int(match["year"]) if match["year"] else None
    return ParsedSymbol(number=match["number"], year=year, type_code=type_code, issuer_code=issuer_code)


def fold(text: str) -> str:
    """Upper case, no diacritics, đ → d (registry.text's folding): the form lookups compare."""
    return strip_marks(normalise(text)).upper()


def fold_text(text: str) -> str:
    """Lower case without diacritics, single spaces (registry.text), for diacritic-insensitive matching."""
    return fold_words(text or "")

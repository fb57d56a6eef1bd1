"""PostgreSQL's COPY formats, written in Python for bulk loading.

The PostgreSQL engine (search.engines.postgresql) loads documents with COPY,
several times faster than INSERT: the displayed text in COPY's text format,
the match rows in its binary format, whose ``tsvector`` fields PostgreSQL
reads in a fraction of the time the text form takes (parsing that cost a
third of loading). Everything here is pure computation, so bulk loads run it
in worker processes (search.documents.encode_all).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from struct import Struct

MAX_POSITION = 16383  # PostgreSQL's highest tsvector position
MAX_POSITIONS = 256  # positions PostgreSQL keeps per lexeme

BINARY_HEADER = b"PGCOPY\n\xff\r\n\0" + b"\0" * 8
BINARY_TRAILER = b"\xff\xff"

_INT4 = Struct(">i")
_INT2 = Struct(">h")
_LENGTH_INT8 = Struct(">iq")
_NULL = _INT4.pack(-1)
_PG_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
_U16 = [number.to_bytes(2, "big") for number in range(MAX_POSITION + 1)]
# A position with its weight in the two high bits (A = 3, B = 2, D = 0).
_A = [(number | 3 << 14).to_bytes(2, "big") for number in range(MAX_POSITION + 1)]
_B = [(number | 2 << 14).to_bytes(2, "big") for number in range(MAX_POSITION + 1)]
_D = _U16
# Words repeat: each one's encoded form is made once per process.
_LEXEME_HEADS: dict[str, bytes] = {}


def tsvector_binary(
    title: list[str], lead: list[str] = (), body: list[str] = (), markers: Iterable[str] = (), weights: bool = False
) -> bytes:
    """A ``tsvector`` in PostgreSQL's binary form (what ``tsvectorrecv``
    reads): the title's, the lead's then the body's tokens with their
    positions (for phrase matching; one position left free between fields, so
    no phrase spans two), then ``markers`` (lexemes without positions).
    ``weights``: the title's positions weigh A, the lead's B, the body's D
    (``ts_rank``'s weights, search.ranking.FIELD_WEIGHTS).

    Tokens hold at most 500 letters and digits (search.normalize.TOKEN), so
    each fits a lexeme; PostgreSQL keeps at most 256 positions of a lexeme,
    up to position 16383.
    """
    positions: dict[str, list[bytes]] = {}
    add = positions.setdefault
    start = 1
    for tokens, weight in ((title, _A), (lead, _B), (body, _D)):
        tokens = tokens[: max(0, MAX_POSITION + 1 - start)]
        u16 = weight if weights else _U16
        for pos, token in enumerate(tokens, start):
            add(token, []).append(u16[pos])
        if tokens:
            start += len(tokens) + 1
    parts = [_INT4.pack(len(positions) + len(markers))]
    append, heads = parts.append, _LEXEME_HEADS
    if len(heads) > 200_000:
        heads.clear()
    for token, found in positions.items():
        head = heads.get(token)
        if head is None:
            head = heads[token] = token.encode() + b"\0"
        if len(found) == 1:
            append(head + b"\0\1" + found[0])
        else:
            found = found[:MAX_POSITIONS]
            append(head + _U16[len(found)] + b"".join(found))
    for marker in markers:
        append(marker.encode() + b"\0\0\0")
    return b"".join(parts)


def binary_field(value) -> bytes:
    """One field of a binary COPY row: text, bigint, timestamptz, an already
    encoded value (bytes, e.g. a tsvector_binary) or None."""
    if value is None:
        return _NULL
    if isinstance(value, str):
        value = value.encode()
    elif isinstance(value, int):
        return _LENGTH_INT8.pack(8, value)
    elif isinstance(value, datetime.datetime):
        delta = value - _PG_EPOCH
        return _LENGTH_INT8.pack(8, (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds)
    return _INT4.pack(len(value)) + value


def binary_copy(rows: Iterable[bytes], fields: int) -> bytes:
    """The data of ``COPY ... FROM STDIN (FORMAT BINARY)``: ``rows`` (each
    its ``fields`` fields, joined binary_field values) between the header
    and the trailer."""
    count = _INT2.pack(fields)
    return b"".join([BINARY_HEADER, *(count + row for row in rows), BINARY_TRAILER])


def _text_field(value: str | None) -> str:
    if value is None:
        return "\\N"
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def text_line(values: Iterable[str | None]) -> str:
    """One line of COPY's text format: fields escaped, tab-separated."""
    return "\t".join(map(_text_field, values)) + "\n"

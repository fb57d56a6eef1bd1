"""How every engine ranks a query's matches by relevance (README: Search ranking).

A match's order is, in turn:

1. its **tier**: the query's words all adjacent and in order (a phrase, ``PHRASE``),
   every two consecutive words of the query at most ``NEAR_WINDOW`` words apart
   in either order (``NEAR``), or the words anywhere (``SCATTERED``). A query of
   one word (or one quoted phrase) has one tier;
2. its **relevance**: the words' weight in each field (title > lead > body, by
   ``FIELD_WEIGHTS``) as the engine measures it (SQLite FTS5's bm25, PostgreSQL's
   ``ts_rank`` over weighted positions, Elasticsearch's BM25), times a mild **recency**
   factor (RECENCY_BOOST);
3. whether it holds the query's **optional words** (how a question is asked:
   "thủ tục", "ở đâu"; search.normalize.OPTIONAL_WORDS), which no match needs,
   then whether it holds the words **with the diacritics typed** (a tie-breaker only:
   the same query typed without marks has the same order);
4. its date, newest first, then a stable id.

Tiers and relevance use the required words (ParsedQuery.folded; the tiers also the
query as typed, ParsedQuery.typed), folded (search.normalize), so a query typed without
marks, in capitals or with the other i/y spelling ranks alike.
"""

from __future__ import annotations

SCATTERED, NEAR, PHRASE = 0, 1, 2

# Two consecutive query words count as near when at most this many words stand
# between them ("dịch vụ hành chính công" is near for "dịch vụ công").
NEAR_WINDOW = 3

# Relative weight of a word in each field.
FIELD_WEIGHTS = {"title": 10.0, "lead": 4.0, "body": 1.0}

# Recency: relevance times 1 + RECENCY_BOOST × RECENCY_DAYS / (RECENCY_DAYS + age in
# days): a document of today gains 10 %, one a year old 5 %, an undated one nothing.
RECENCY_BOOST = 0.1
RECENCY_DAYS = 365.0


# A hit's score (shown with results, and Elasticsearch's order) is
# tier × TIER_SCALE + relevance.
TIER_SCALE = 1000


def score(tier: int, relevance: float | None) -> float:
    return tier * TIER_SCALE + float(relevance or 0.0)


def phrase(groups: list[list[str]]) -> list[str] | None:
    """The query's tokens as one phrase, when it has several groups (else None)."""
    if len(groups) < 2:
        return None
    return [token for group in groups for token in group]


def near_pairs(groups: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """The consecutive pairs of groups that must be near for the NEAR tier."""
    return list(zip(groups, groups[1:]))


def tier_readings(parsed) -> list[list[list[str]]]:
    """The readings of a query whose phrase or proximity makes a tier: its required
    groups, and all its groups as typed when some are optional words. A document
    takes the higher tier of the two ("thủ tục đăng ký kết hôn": the procedure
    "Đăng ký kết hôn" is a phrase match; "lam nghiep": "lâm nghiệp" is one too),
    and each of them with another name of a synonym set it names
    (search.synonyms.other_readings: "cấp sổ đỏ" is a phrase in "cấp giấy chứng nhận
    quyền sử dụng đất")."""
    from search.synonyms import other_readings

    readings = [groups for groups in (parsed.folded, parsed.typed if parsed.optional else None) if groups]
    readings += [other for groups in readings for other in other_readings(groups)]
    return [groups for groups in readings if len(groups) > 1]

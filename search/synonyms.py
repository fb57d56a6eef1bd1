"""Names of one thing: abbreviations and everyday names of administrative terms.

A citizen types "BHYT", "sổ đỏ" or "Mỹ"; the document says "bảo hiểm y tế", "giấy
chứng nhận quyền sử dụng đất" or "Hoa Kỳ" (and the other way round). A document
holding one name of a set is indexed with the others too (:func:`expansions`,
applied by search.documents.prepare for every engine), so either name finds it;
queries are not expanded, so what a query matches stays what it says.

Changing the sets changes what documents are indexed with: run ``manage.py
search_rebuild`` afterwards.
"""

from __future__ import annotations

from functools import lru_cache

from search.normalize import fold_tokens, normalize, tokens, unify_spelling

SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("bảo hiểm y tế", "BHYT"),
    ("bảo hiểm xã hội", "BHXH"),
    ("bảo hiểm thất nghiệp", "BHTN"),
    ("ủy ban nhân dân", "UBND"),
    ("hội đồng nhân dân", "HĐND"),
    ("Mặt trận Tổ quốc", "MTTQ"),
    ("căn cước công dân", "CCCD"),
    ("giấy chứng nhận quyền sử dụng đất", "sổ đỏ", "sổ hồng"),
    ("giấy phép lái xe", "bằng lái xe"),
    ("thủ tục hành chính", "TTHC"),
    ("dịch vụ công trực tuyến", "DVCTT"),
    ("khám chữa bệnh", "khám bệnh, chữa bệnh", "KCB"),
    ("trung học phổ thông", "THPT"),
    ("trung học cơ sở", "THCS"),
    ("công nghệ thông tin", "CNTT"),
    ("chuyển đổi số", "CĐS"),
    ("an toàn thực phẩm", "ATTP"),
    ("phòng cháy chữa cháy", "PCCC"),
    ("ngân sách nhà nước", "NSNN"),
    ("lý lịch tư pháp", "LLTP"),
    ("đăng ký kinh doanh", "ĐKKD"),
    ("nông thôn mới", "NTM"),
    ("Hoa Kỳ", "Mỹ"),
    ("Thành phố Hồ Chí Minh", "TP.HCM", "TPHCM"),
)


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(unify_spelling(token) for token in tokens(normalize(name)))


@lru_cache(maxsize=1)
def _names() -> list[list[tuple[str, ...]]]:
    """The tokens of every name of every set."""
    return [[_tokens(name) for name in names] for names in SYNONYMS]


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """first token -> [(tokens of a name, its set)], longest names first."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for number, names in enumerate(_names()):
        for name in names:
            index.setdefault(name[0], []).append((name, number))
    for names in index.values():
        names.sort(key=lambda item: -len(item[0]))
    return index


def expansions(tokens: list[str]) -> list[str]:
    """The tokens (normalised, with marks, one i/y spelling, as documents store
    them) of the other names of every set a name of which ``tokens`` holds."""
    index = _index()
    found: dict[int, set[tuple[str, ...]]] = {}
    # Indexing runs this on every document: most hold no name's first word (a set
    # intersection finds out at C speed); the others are read where a name may start.
    if index.keys().isdisjoint(tokens):
        return []
    for position in [i for i, token in enumerate(tokens) if token in index]:
        for name, number in index[tokens[position]]:
            if tuple(tokens[position : position + len(name)]) == name:
                found.setdefault(number, set()).add(name)
                break
    names = _names()
    return [token for number, present in found.items() for name in names[number] if name not in present for token in name]


@lru_cache(maxsize=1)
def _folded_names() -> list[list[tuple[str, ...]]]:
    """The folded tokens of every name of every set (as queries' groups hold them)."""
    return [[tuple(fold_tokens(list(name))) for name in names] for names in _names()]


def other_readings(groups: list[list[str]]) -> list[list[list[str]]]:
    """``groups`` (a query's folded one-token groups) with a name of a set replaced by
    each other name of the set: "cap so do" is also read "cap giay chung nhan quyen su
    dung dat". The phrase and proximity tiers (search.ranking) read them, so a document
    that says the query in its other words ranks as if it said it in the query's."""
    tokens = [group[0] if len(group) == 1 else None for group in groups]
    readings = []
    for names in _folded_names():
        for name in names:
            for start in range(len(tokens) - len(name) + 1):
                if tuple(tokens[start : start + len(name)]) != name:
                    continue
                for other in names:
                    if other != name:
                        readings.append(groups[:start] + [[token] for token in other] + groups[start + len(name) :])
    return readings

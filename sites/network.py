"""The official 2025 administrative units, from the vietnam-provinces package."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify
from vietnam_provinces import Province, Ward

from registry.text import strip_marks

# vietnam-provinces division type (value) -> our level code
DIVISION_LEVELS = {"phường": "ward", "xã": "commune", "đặc khu": "special_zone"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    codename: str
    level: str


def province(code: int) -> Province:
    """The province of ``code``; ValueError with a clear message if unknown."""
    try:
        return Province.from_code(int(code))
    except (ValueError, KeyError, TypeError):
        raise ValueError(code) from None


def province_units(code: int) -> list[Unit]:
    wards = sorted((w for w in Ward.iter_all() if int(w.province_code) == int(code)), key=lambda w: int(w.code))
    return [
        Unit(
            code=str(int(w.code)),
            name=w.name,
            codename=slugify(w.codename.replace("_", "-")),
            level=DIVISION_LEVELS.get(getattr(w.division_type, "value", str(w.division_type)), "commune"),
        )
        for w in wards
    ]


def province_codename(p: Province) -> str:
    return slugify(p.codename.replace("_", "-"))


ENGLISH_TYPES = {"ward": "Ward", "commune": "Commune", "special_zone": "Special Zone", "city": "City"}
VI_PREFIXES = ("Phường ", "Xã ", "Đặc khu ", "Tỉnh ", "Thành phố ")


def english_name(name: str, level: str) -> str:
    bare = name
    if level == "province" and name.startswith("Thành phố "):
        level = "city"
    for prefix in VI_PREFIXES:
        if bare.startswith(prefix):
            bare = bare[len(prefix) :]
            break
    bare = strip_marks(bare)
    if level == "province":
        return f"{bare} Province"
    return f"{bare} {ENGLISH_TYPES.get(level, '')}".strip()


def province_display_name(p: Province) -> str:
    """'Tỉnh Cà Mau', 'Thành phố Cần Thơ' (the official list names the cities in full already)."""
    kind = getattr(p.division_type, "value", "")
    prefix = "Thành phố " if kind.startswith("thành phố") else "Tỉnh "
    return p.name if p.name.startswith(prefix) else prefix + p.name

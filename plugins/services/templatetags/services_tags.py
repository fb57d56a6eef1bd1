from django import template

from ..stats import vn_number as _vn_number
from ..stats import vn_percent as _vn_percent

register = template.Library()


@register.filter
def vn_number(value):
    """1234 -> 1.234"""
    return _vn_number(value)


@register.filter
def vn_percent(value):
    """36.8 -> 36,8%"""
    return _vn_percent(value)


@register.filter
def css_percent(value):
    """A width for CSS bars: 36.8 -> 36.8% (dot decimal, clamped to 0..100)."""
    try:
        number = max(0.0, min(100.0, float(value)))
    except (TypeError, ValueError):
        number = 0.0
    return f"{number:.1f}%"

"""The procedure list's filters (django-filter): one FilterSet for the public list and the API.

``?q=`` words of the name or the code (with or without Vietnamese marks), ``?field=``,
``?level=`` and ``?tier=`` codes. On the public list a value that names nothing is shown
as a message and ignored (the other filters still apply); the API answers 400 with the
message under the parameter's name (DjangoFilterBackend).
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy, pgettext_lazy

from cms.openapi import lazy_format
from sites.models import PortalLevel

from .models import Procedure, ProcedureField, ServiceLevel, fold

MAX_WORDS = 10


def _unknown(what):
    # "Unknown field: <value>." ; %(value)s is filled in by the form field.
    return lazy_format(gettext_lazy("Unknown %(what)s: %(value)s."), what=what, value="%(value)s")


class ProcedureFilter(django_filters.FilterSet):
    """The public list's filters; the messages say that a wrong value was left out."""

    q = django_filters.CharFilter(label=gettext_lazy("Procedure name or code"), method="filter_text", max_length=200)
    field = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("subject field", "Field"),
        queryset=ProcedureField.objects.all(),
        to_field_name="code",
        empty_label=gettext_lazy("All fields"),
    )
    level = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Online level"),
        queryset=ServiceLevel.objects.all(),
        to_field_name="code",
        empty_label=gettext_lazy("All levels"),
    )
    tier = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Carried out at"),
        queryset=PortalLevel.objects.all(),
        to_field_name="code",
        empty_label=gettext_lazy("All tiers"),
        field_name="tiers",
        method="filter_tier",
    )

    invalid_choice = {
        "field": gettext_lazy("This field does not exist; showing every field."),
        "level": gettext_lazy("This level does not exist; showing every level."),
        "tier": gettext_lazy("This tier does not exist; showing every tier."),
    }

    class Meta:
        model = Procedure
        fields = ()  # the declared filters only

    def __init__(self, *args, show_tier=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_tier:
            del self.filters["tier"]
        for name, field in self.form.fields.items():
            if name in self.invalid_choice:
                field.error_messages["invalid_choice"] = self.invalid_choice[name]
            field.widget.attrs.setdefault("id", f"procedure-filter-{name}")

    def filter_text(self, queryset, name, value):
        for word in fold(value).split()[:MAX_WORDS]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_tier(self, queryset, name, value):
        return queryset.at_tier(value) if value is not None else queryset

    @property
    def is_filtered(self) -> bool:
        """True when a valid filter narrows the list."""
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters if name not in self.errors)


class ProcedureAPIFilter(ProcedureFilter):
    """The API's filters: a value that names nothing is a wrong parameter (400)."""

    invalid_choice = {
        "field": _unknown(gettext_lazy("field")),
        "level": _unknown(gettext_lazy("service level")),  # "level" alone reads as a portal level
        "tier": _unknown(gettext_lazy("tier")),
    }

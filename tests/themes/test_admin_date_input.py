"""An editor's date survives a save: what Wagtail's date pickers show is read back.

The pickers write WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT ("28/11/2026",
"20:57 28/11/2026"); before cms.formats, every article save failed with
"Nhập một ngày/thời gian hợp lệ." because that text was no input format.
"""

import datetime

import pytest
from django import forms
from django.utils import timezone, translation
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pickers_values_are_read_back(language):
    moment = timezone.make_aware(datetime.datetime(2026, 11, 28, 20, 57))
    with translation.override(language):
        shown_datetime = AdminDateTimeInput().format_value(moment)
        shown_date = AdminDateInput().format_value(moment.date())
        assert shown_datetime == "20:57 28/11/2026"
        assert forms.DateTimeField(widget=AdminDateTimeInput).clean(shown_datetime) == moment
        assert forms.DateField(widget=AdminDateInput).clean(shown_date) == moment.date()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_day_first_wins_over_the_english_month_first(language):
    with translation.override(language):
        assert forms.DateField().clean("01/02/2026") == datetime.date(2026, 2, 1)

import datetime
from zoneinfo import ZoneInfo

from themes.templatetags.portal_tags import vn_date, vn_datetime


def test_dates_are_shown_vietnamese_style_in_ho_chi_minh_time():
    utc = datetime.datetime(2015, 8, 14, 7, 55, tzinfo=ZoneInfo("UTC"))
    assert vn_datetime(utc) == "14:55 | 14/08/2015"
    assert vn_date(utc) == "14/08/2015"
    # Late evening UTC is already the next day in Vietnam.
    assert vn_date(datetime.datetime(2015, 8, 14, 20, 0, tzinfo=ZoneInfo("UTC"))) == "15/08/2015"
    assert vn_date(datetime.date(2025, 7, 1)) == "01/07/2025"
    assert vn_datetime(None) == ""

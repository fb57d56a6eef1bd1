from django.conf.locale.en.formats import DATE_INPUT_FORMATS as _EN_DATES
from django.conf.locale.en.formats import DATETIME_INPUT_FORMATS as _EN_DATETIMES

from cms.formats import DATE_INPUT_FORMATS as _PORTAL_DATES
from cms.formats import DATETIME_INPUT_FORMATS as _PORTAL_DATETIMES

DATE_INPUT_FORMATS = [*_PORTAL_DATES, *(f for f in _EN_DATES if f not in _PORTAL_DATES)]
DATETIME_INPUT_FORMATS = [*_PORTAL_DATETIMES, *(f for f in _EN_DATETIMES if f not in _PORTAL_DATETIMES)]

"""Date formats the admin reads back (FORMAT_MODULE_PATH).

Wagtail's date pickers write dates as WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT
("28/11/2026", "20:57 28/11/2026"); a form can save them only when these are input
formats of the active language too, in Vietnamese and in English. Django adds the ISO
formats itself.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%H:%M %d/%m/%Y",
    "%H:%M:%S %d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]

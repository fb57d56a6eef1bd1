from cms.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

# Digit groups of three (1.234.567) where a number is shown grouped: Django's Vietnamese
# formats set the separators but no grouping.
NUMBER_GROUPING = 3

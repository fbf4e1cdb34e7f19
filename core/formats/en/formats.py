"""How Stemme writes dates and times in English: the same names as core/formats/da/formats.py,
written the British way ("15 December 2026", "15/12/2026"), never "Dec. 15, 2026"."""

# Django's names.
DATE_FORMAT = "j F Y"  # 15 December 2026
SHORT_DATE_FORMAT = "d/m/Y"  # 15/12/2026
DATETIME_FORMAT = r"j F Y \a\t H.i"  # 15 December 2026 at 16.00
SHORT_DATETIME_FORMAT = "d/m/Y H.i"  # 15/12/2026 16.00
MONTH_DAY_FORMAT = "j F"  # 15 December
YEAR_MONTH_FORMAT = "F Y"  # December 2026
TIME_FORMAT = "H.i"  # 16.00

# Stemme's names.
WEEKDAY_DATE_FORMAT = "l j F Y"  # Tuesday 15 December 2026
WEEKDAY_DATE_PROSE_FORMAT = "l j F Y"  # Tuesday 15 December 2026
WEEKDAY_DATETIME_FORMAT = r"l j F Y \a\t H.i"  # Tuesday 15 December 2026 at 16.00
WEEKDAY_MONTH_DAY_FORMAT = "l j F"  # Tuesday 15 December
MONTH_DAY_TIME_FORMAT = r"j F \a\t H.i"  # 15 December at 16.00
CHART_DATE_FORMAT = "d/m"  # 15/12

"""How Stemme writes dates and times in Danish (FORMAT_MODULE_PATH = ["core.formats"]).

The one rule: "15. december 2026" in text and "15.12.2026" in tables, never "15. dec 2026"
or "2026-12-15". Templates name a format (``{{ d|date:"DATE_FORMAT" }}``), Python calls the
helpers in :mod:`core.formats`. The names after Django's own are Stemme's; every language in
``settings.LANGUAGES`` defines every one of them (core/tests/test_formats.py checks)."""

# Django's names.
DATE_FORMAT = "j. F Y"  # 15. december 2026
SHORT_DATE_FORMAT = "d.m.Y"  # 15.12.2026 (tables, exports, lists of choices)
DATETIME_FORMAT = r"j. F Y \k\l. H.i"  # 15. december 2026 kl. 16.00
SHORT_DATETIME_FORMAT = "d.m.Y H.i"  # 15.12.2026 16.00
MONTH_DAY_FORMAT = "j. F"  # 15. december
YEAR_MONTH_FORMAT = "F Y"  # december 2026
TIME_FORMAT = "H.i"  # 16.00

# Stemme's names.
WEEKDAY_DATE_FORMAT = "l j. F Y"  # tirsdag 15. december 2026
WEEKDAY_DATE_PROSE_FORMAT = r"l \d\e\n j. F Y"  # tirsdag den 15. december 2026 (inside a sentence)
WEEKDAY_DATETIME_FORMAT = r"l j. F Y \k\l. H.i"  # tirsdag 15. december 2026 kl. 16.00
WEEKDAY_MONTH_DAY_FORMAT = "l j. F"  # tirsdag 15. december
MONTH_DAY_TIME_FORMAT = r"j. F \k\l. H.i"  # 15. december kl. 16.00
CHART_DATE_FORMAT = "d.m"  # 15.12 (a chart's axis, where the year goes without saying)

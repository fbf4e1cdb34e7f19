"""How Stemme writes dates, sentences that end in an amount, and ranges (core/formats).

One date format everywhere: "15. december 2026" in text and "15.12.2026" in tables (English:
"15 December 2026", "15/12/2026"); never an abbreviated month ("15. Dec 2026", "Dec. 15, 2026")
or an ISO date shown to a person. The formats are named in core/formats/<language>/formats.py
and nowhere else: a scan of the templates and the code refuses a date format written out."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import get_format
from hypothesis import given, settings
from hypothesis import strategies as st

from core import formats
from finance.formats import kr, kr_short

local = settings(database=None, max_examples=200, deadline=None)
ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in django_settings.LANGUAGES]

MONTHS = {
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
# "Dec", "dec.", "Okt" … followed by a space, a full stop or the end: an abbreviated month.
ABBREVIATED = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\b\.?(?!\w)", re.IGNORECASE)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
datetimes = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31),
                         timezones=st.just(dt.UTC))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_named_format_is_defined_in_every_language(language):
    """A name missing from a language would be used as the format itself ("WEEKDAY_DATE_FORMAT"
    read as format characters), so each language in LANGUAGES defines each name."""
    from importlib import import_module

    module = import_module(f"core.formats.{language}.formats")
    for name in formats.DATE_FORMAT_NAMES:
        assert getattr(module, name, None), f"{name} is missing from core/formats/{language}/formats.py"
        assert get_format(name, lang=language) == getattr(module, name)


def test_danish_and_english_dates():
    day, moment = dt.date(2026, 12, 15), dt.datetime(2026, 12, 15, 15, 0, tzinfo=dt.UTC)  # 16.00 in Copenhagen
    with translation.override("da"):
        assert formats.long_date(day) == "15. december 2026"
        assert formats.short_date(day) == "15.12.2026"
        assert formats.long_datetime(moment) == "15. december 2026 kl. 16.00"
        assert formats.weekday_date(day) == "tirsdag 15. december 2026"
        assert formats.weekday_date_prose(day) == "tirsdag den 15. december 2026"
        assert formats.day_month(day) == "15. december"
        assert formats.time_text(moment) == "16.00"
    with translation.override("en"):
        assert formats.long_date(day) == "15 December 2026"
        assert formats.short_date(day) == "15/12/2026"
        assert formats.long_datetime(moment) == "15 December 2026 at 16.00"
        assert formats.weekday_date(day) == "Tuesday 15 December 2026"


def test_templates_name_the_format_and_get_the_same_words():
    template = Template('{{ d|date:"DATE_FORMAT" }} | {{ d|date:"SHORT_DATE_FORMAT" }} | '
                        '{{ d|date:"WEEKDAY_DATE_FORMAT" }} | {{ m|date:"DATETIME_FORMAT" }}')
    context = Context({"d": dt.date(2026, 3, 1), "m": dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)})
    with translation.override("da"):
        assert template.render(context) == "1. marts 2026 | 01.03.2026 | søndag 1. marts 2026 | 1. marts 2026 kl. 10.30"
    with translation.override("en"):
        assert template.render(context) == "1 March 2026 | 01/03/2026 | Sunday 1 March 2026 | 1 March 2026 at 10.30"


def test_a_datetime_is_written_on_its_local_date():
    """23.30 UTC on 14 December is 00.30 on 15 December in Copenhagen: the date people see."""
    late = dt.datetime(2026, 12, 14, 23, 30, tzinfo=dt.UTC)
    with translation.override("da"):
        assert formats.long_date(late) == "15. december 2026"
        assert formats.short_date(late) == "15.12.2026"


@local
@given(day=dates, language=st.sampled_from(LANGUAGES), name=st.sampled_from(
    [n for n in formats.DATE_FORMAT_NAMES if "TIME" not in n and n != "SHORT_DATETIME_FORMAT"]))
def test_no_date_format_abbreviates_the_month_or_writes_iso(day, language, name):
    with translation.override(language):
        text = formats.date_text(day, name)
    assert not ABBREVIATED.search(text), text
    assert not ISO_DATE.search(text), text
    if "MONTH" in name or name in ("DATE_FORMAT", "WEEKDAY_DATE_FORMAT", "WEEKDAY_DATE_PROSE_FORMAT"):
        assert MONTHS[language][day.month - 1] in text


@local
@given(moment=datetimes, language=st.sampled_from(LANGUAGES))
def test_datetimes_too(moment, language):
    with translation.override(language):
        for name in ("DATETIME_FORMAT", "WEEKDAY_DATETIME_FORMAT", "MONTH_DAY_TIME_FORMAT"):
            text = formats.date_text(moment, name)
            assert not ABBREVIATED.search(text) and not ISO_DATE.search(text), text


def test_unknown_format_names_are_refused():
    with pytest.raises(ValueError):
        formats.date_text(dt.date(2026, 1, 1), "j. M Y")


# --- One place: no date format written out in a template or in the code ---------------------

# Formats a machine reads (query strings, hidden inputs, file names, ICS, comparisons).
MACHINE_FORMATS = {"Ymd", "Y-m-d", "c", "U"}
TEMPLATE_DATE = re.compile(r"""\|date:(?:"([^"]*)"|'([^']*)')""")
PY_DATE_FORMAT = re.compile(r"""date_format\(.*?,\s*(?:"([^"]*)"|'([^']*)')\s*\)""")
PY_STRFTIME = re.compile(r"""(?:strftime\(\s*["']([^"']*)["']|\{[\w.()\[\]]+:(%[^}]*)\})""")


def _sources(*suffixes):
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if path.suffix in suffixes and not parts & {".venv", "node_modules", "staticfiles", "tests", "migrations",
                                                    "bench", "test-artifacts"}:
            yield path


def _a_full_date(fmt: str) -> bool:
    """A format that writes a day of a month: it belongs in core/formats/<language>/formats.py."""
    return bool(re.search(r"(?<!\\)[jd]", fmt) and re.search(r"(?<!\\)[FMmnNbE]", fmt))


def test_templates_name_their_date_formats():
    written_out = []
    for path in _sources(".html", ".txt"):
        for match in TEMPLATE_DATE.finditer(path.read_text(encoding="utf-8")):
            fmt = match.group(1) if match.group(1) is not None else match.group(2)
            if fmt not in MACHINE_FORMATS and not fmt.isupper() and _a_full_date(fmt):
                written_out.append(f"{path.relative_to(ROOT)}: |date:{fmt!r}")
    assert not written_out, "Use a named format (DATE_FORMAT, SHORT_DATE_FORMAT, …):\n" + "\n".join(written_out)


def test_code_calls_the_date_helpers():
    written_out = []
    for path in _sources(".py"):
        if path.is_relative_to(ROOT / "core" / "formats"):
            continue
        text = path.read_text(encoding="utf-8")
        for match in PY_DATE_FORMAT.finditer(text):
            fmt = match.group(1) if match.group(1) is not None else match.group(2)
            if fmt not in formats.DATE_FORMAT_NAMES:
                written_out.append(f"{path.relative_to(ROOT)}: date_format(…, {fmt!r})")
        for match in PY_STRFTIME.finditer(text):
            fmt = match.group(1) or match.group(2) or ""
            if "%d" in fmt and re.search("%[mbB]", fmt) and not re.search(r"%Y-?%m-?%d", fmt):
                written_out.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not written_out, ("Use core.formats (long_date, short_date, …) instead of a written-out format:\n"
                             + "\n".join(written_out))


# --- A sentence that ends in an amount ------------------------------------------------------

amounts = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("10000000"), places=2, allow_nan=False,
                      allow_infinity=False)


@local
@given(amount=amounts, short=st.booleans())
def test_a_sentence_ending_in_an_amount_has_one_full_stop(amount, short):
    written = kr_short(amount) if short else kr(amount)
    text = formats.sentence(f"Afholdt 0,00 kr., disponeret 0,00 kr., tilbage {written}")
    assert text.endswith(" kr.") and "kr.." not in text


@pytest.mark.parametrize("text, expected", [
    ("Budgettet er sat", "Budgettet er sat."),
    ("Budgettet er sat.  ", "Budgettet er sat."),
    ("Er budgettet sat?", "Er budgettet sat?"),
    ("Tilbage: 12.579,00 kr.", "Tilbage: 12.579,00 kr."),
    ("Udgiften (450,00 kr.)", "Udgiften (450,00 kr.)."),
    ("", ""),
])
def test_sentence(text, expected):
    assert formats.sentence(text) == expected


def test_sentence_filter_keeps_a_translated_sentence_safe():
    template = Template('{% load i18n stemme %}{% blocktranslate with amount=a asvar text %}'
                        'Tilbage til B&amp;B: {{ amount }}{% endblocktranslate %}{{ text|sentence }}')
    assert template.render(Context({"a": "12.579,00 kr."})) == "Tilbage til B&amp;B: 12.579,00 kr."


# --- Ranges ---------------------------------------------------------------------------------

@local
@given(low=st.integers(0, 40), extra=st.integers(0, 40))
def test_a_range_never_repeats_its_number(low, extra):
    text = formats.number_range(low, low + extra)
    assert text == (str(low) if extra == 0 else f"{low}–{low + extra}")
    assert not re.fullmatch(r"(\d+)–\1", text)


def test_range_filter():
    template = Template("{% load stemme %}{{ a|number_range:b }} / {{ c|number_range:d }}")
    assert template.render(Context({"a": 10, "b": 10, "c": 10, "d": 15})) == "10 / 10–15"

"""The CPR guard: no free text may hold a Danish CPR number (DESIGN.md, *Rules the seeds set*).

A CPR number is DDMMYY-SSSS where DDMMYY is a real date in the century given by the seventh
digit. Anything else that merely looks like one (an impossible date, a longer run of digits)
must pass, or the guard would refuse ordinary text such as account or case numbers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.errors import ApplicationError
from core.text import contains_cpr, find_cpr_numbers
from core.validators import CPR_MESSAGE, validate_no_cpr

SEPARATORS = ("-", " ", "")
DIGITS = "0123456789"
# No example database on disk: the repository should not grow a .hypothesis/ folder.
local = settings(database=None, max_examples=300)

# Text without any (Unicode) decimal digit, so it cannot lengthen a run of digits.
no_digit_text = st.text(alphabet=st.characters(exclude_categories=["Nd", "Cs"]), max_size=30)
# One character that ends a run of digits.
boundary = st.sampled_from([" ", "\n", ".", ",", ":", "(", ")", "/", "a", "Æ", "ø", "å", "!", "\t"])


def seventh_digits(year: int) -> list[int]:
    """The seventh digits that place a birth year in its century (the CPR office's table),
    written out independently of core.text."""
    yy, century = year % 100, year - year % 100
    if century == 1800:
        return [5, 6, 7, 8] if yy >= 58 else []
    if century == 1900:
        return [0, 1, 2, 3] + ([4, 9] if yy >= 37 else [])
    if century == 2000:
        return ([4, 9] if yy <= 36 else []) + ([5, 6, 7, 8] if yy <= 57 else [])
    return []


@st.composite
def cpr_numbers(draw, separators=SEPARATORS):
    born = draw(st.dates(dt.date(1858, 1, 1), dt.date(2057, 12, 31)))
    seventh = draw(st.sampled_from(seventh_digits(born.year)))
    rest = draw(st.integers(0, 999))
    sep = draw(st.sampled_from(separators))
    return f"{born:%d%m}{born.year % 100:02d}{sep}{seventh}{rest:03d}"


def _impossible_day_month():
    """(day, month) pairs that are not a date in any year."""
    pairs = [(d, m) for d in range(100) for m in range(100)
             if m == 0 or m > 12 or d == 0 or d > 31
             or (m in (4, 6, 9, 11) and d == 31) or (m == 2 and d > 29)]
    return st.sampled_from(pairs)


# --- Valid CPR numbers are found --------------------------------------------------------------

@local
@given(cpr=cpr_numbers(), before=st.text(max_size=30), after=st.text(max_size=30), left=boundary, right=boundary)
@example(cpr="010188-1234", before="Borgeren har CPR ", after="", left=" ", right=".")
@example(cpr="2902004123", before="", after="", left="(", right=")")  # 29 Feb 2000 (leap year)
def test_any_valid_cpr_embedded_in_text_is_found(cpr, before, after, left, right):
    text = f"{before}{left}{cpr}{right}{after}"
    assert cpr in find_cpr_numbers(text)
    assert contains_cpr(text)


@local
@given(cpr=cpr_numbers())
def test_a_cpr_number_on_its_own_is_found(cpr):
    assert find_cpr_numbers(cpr) == [cpr]


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2013"])
def test_typographic_dashes_are_separators_too(dash):
    # Word processors turn a hyphen into a dash; the number is still a CPR number.
    assert find_cpr_numbers(f"nr. 010188{dash}1234") == [f"010188{dash}1234"]


def test_several_cpr_numbers_are_all_found_in_order():
    text = "Mor 010188-1234, far 311299 4321 og barn 0101201234."
    assert find_cpr_numbers(text) == ["010188-1234", "311299 4321", "0101201234"]


# --- Impossible dates are not CPR numbers -------------------------------------------------------

@local
@given(day_month=_impossible_day_month(), yy=st.integers(0, 99), serial=st.integers(0, 9999),
       sep=st.sampled_from(SEPARATORS), before=no_digit_text, after=no_digit_text)
@example(day_month=(32, 1), yy=88, serial=1234, sep="-", before="", after="")  # 320188-1234
@example(day_month=(31, 11), yy=88, serial=1234, sep="-", before="", after="")  # 31 November
@example(day_month=(30, 2), yy=0, serial=4000, sep="", before="", after="")
def test_impossible_day_or_month_is_never_a_cpr_number(day_month, yy, serial, sep, before, after):
    day, month = day_month
    text = f"{before} {day:02d}{month:02d}{yy:02d}{sep}{serial:04d} {after}"
    assert find_cpr_numbers(text) == []
    assert not contains_cpr(text)


@pytest.mark.parametrize("day_30_month", ["04", "06", "09", "11"])
def test_31st_of_a_30_day_month_is_not_a_cpr_number(day_30_month):
    assert find_cpr_numbers(f"31{day_30_month}88-1234") == []
    assert find_cpr_numbers(f"30{day_30_month}88-1234") == [f"30{day_30_month}88-1234"]


@local
@given(yy=st.integers(0, 99).filter(lambda y: y % 4), serial=st.integers(0, 9999), sep=st.sampled_from(SEPARATORS))
@example(yy=1, serial=4123, sep="-")  # 290201-4123: 2001 is no leap year
def test_29_february_of_a_year_that_is_never_a_leap_year_is_not_found(yy, serial, sep):
    assert find_cpr_numbers(f"2902{yy:02d}{sep}{serial:04d}") == []


@pytest.mark.parametrize(("text", "found"), [
    ("290200-0123", False),  # seventh digit 0-3: born 1900, not a leap year
    ("290200-3999", False),
    ("290200-4123", True),   # 4: year 00 -> 2000, a leap year
    ("290200-5123", True),   # 5-8: year 00 -> 2000
    ("290200-8123", True),
    ("290200-9123", True),   # 9: year 00 -> 2000
    ("290258-5123", False),  # 5-8 with year 58 -> 1858, not a leap year
    ("290256-5123", True),   # 5-8 with year 56 -> 2056, a leap year
    ("290296-6123", True),   # 5-8 with year 96 -> 1896, a leap year
    ("290237-4123", False),  # 4 with year 37 -> 1937
    ("290236-4123", True),   # 4 with year 36 -> 2036, a leap year
])
def test_the_century_rule_decides_whether_29_february_exists(text, found):
    assert contains_cpr(text) is found


# --- Digits inside a longer run of digits are not a CPR number ------------------------------------

@local
@given(cpr=cpr_numbers(separators=("",)), lead=st.text(DIGITS, max_size=5), trail=st.text(DIGITS, max_size=5),
       before=no_digit_text, after=no_digit_text)
@example(cpr="0101881234", lead="", trail="56", before="Konto ", after="")  # a 12-digit account number
def test_cpr_digits_inside_a_longer_digit_run_are_not_found(cpr, lead, trail, before, after):
    if not lead and not trail:
        lead = "7"
    assert find_cpr_numbers(f"{before}{lead}{cpr}{trail}{after}") == []


@local
@given(cpr=cpr_numbers(separators=("-", " ")), lead=st.sampled_from(["", "1", "12", "123", "12345", "123456"]),
       trail=st.text(DIGITS, max_size=5), before=no_digit_text, after=no_digit_text)
def test_separated_cpr_glued_to_more_digits_is_not_found(cpr, lead, trail, before, after):
    # Four leading digits are left out on purpose: "1234" + "010188" is itself a 10-digit number.
    if not lead and not trail:
        trail = "9"
    assert find_cpr_numbers(f"{before}{lead}{cpr}{trail}{after}") == []


@pytest.mark.parametrize("text", [
    "", None, "Mødet er den 01.01.1988 kl. 12.34.", "Ring på 12 34 56 78", "Sag 2026-1234",
    "Budget 150.000 kr.", "0101-88-1234", "010188--1234", "010188  1234",
])
def test_ordinary_text_passes(text):
    assert find_cpr_numbers(text) == []
    assert contains_cpr(text) is False


# --- The validator and the model fields ----------------------------------------------------------

def test_validator_refuses_cpr_with_code_cpr():
    with pytest.raises(ValidationError) as excinfo:
        validate_no_cpr("Hendes CPR-nummer er 010188-1234.")
    assert excinfo.value.code == "cpr"
    assert excinfo.value.messages == [str(CPR_MESSAGE)]
    assert "CPR-nummer" in excinfo.value.messages[0]


@pytest.mark.parametrize("value", ["Ingen personnumre her", "", None, 101881234, 1.5])
def test_validator_accepts_text_without_cpr_and_non_text(value):
    assert validate_no_cpr(value) is None


@pytest.mark.django_db
def test_person_full_clean_refuses_cpr_in_notes_with_the_danish_message(make_council):
    from councils.models import Person

    council = make_council()
    person = Person(council=council, name="Anne Andersen", email="anne@ex.org",
                    notes="Har ringet om sin sag, cpr 0101881234.")
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()
    errors = excinfo.value.message_dict
    assert list(errors) == ["notes"]
    assert errors["notes"] == [
        "Teksten ser ud til at indeholde et CPR-nummer. Rådet behandler ikke sager om enkeltpersoner, "
        "så CPR-numre må ikke skrives her. Fjern nummeret og gem igen – resten af teksten er bevaret."]
    assert excinfo.value.error_dict["notes"][0].code == "cpr"


@pytest.mark.django_db
def test_person_service_refuses_cpr_in_the_name_and_saves_nothing(make_council):
    from councils import services
    from councils.models import Person

    council = make_council()
    with pytest.raises(ApplicationError) as excinfo:
        services.person_save(council=council, name="Bo 010188-1234", email="bo@ex.org")
    assert excinfo.value.field == "name" and excinfo.value.code == "cpr"
    assert not Person.objects.filter(council=council).exists()


@pytest.mark.django_db
def test_notes_without_cpr_are_accepted(make_council):
    from councils import services

    council = make_council()
    person = services.person_save(council=council, name="Bo Bach", email="bo@ex.org",
                                  notes="Tlf. 12 34 56 78, møde 01.01.2027 kl. 16.")
    assert person.pk is not None
    assert person.notes.startswith("Tlf.")

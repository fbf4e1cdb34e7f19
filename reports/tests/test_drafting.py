"""The drafts (``reports.drafting``): Danish prose that states the busy year's figures, each figure
as it reads in the text, no name of anyone who did not consent, the accessible attendance chart,
the annex in full, a handicapråd's own titles – and a property: for random years, the average
attendance and the budget totals are what plain Python makes of the same rows."""

import datetime as dt
import itertools
import re
from dataclasses import replace
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.richtext import html_to_text, sanitise, sanitise_svg, split_svg
from councils import services as council_services
from councils.models import SeatCategory, Term
from councils.presets import PRESETS
from councils.tests.factories import MunicipalityFactory
from finance import services as finance_services
from finance.formats import kr_short
from finance.models import Category
from meetings.models import AttendanceStatus
from meetings.services import attendance as attendance_services
from meetings.services import minutes as minutes_services
from meetings.services import plan as plan_services
from meetings.services.minutes import AttendanceEntry
from reports import drafting
from reports.models import SectionKind
from reports.selectors.facts import year_facts
from reports.tests.busy_year import at, historic

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
DATA_KINDS = [k for k in SectionKind.values if k != SectionKind.CUSTOM]


def facts_of(by):
    return year_facts(council=by.council, start=by.start, end=by.end, members_on=by.members_on)


def text_of(html: str) -> str:
    return " ".join(html_to_text(html).split())


@pytest.fixture
def drafts(shared_busy_year):
    by = shared_busy_year
    facts = facts_of(by)
    return {kind: drafting.draft_section(kind=kind, facts=facts, council=by.council,
                                         boilerplate="Udsatteråd findes i mange kommuner.")
            for kind in DATA_KINDS}


def test_every_figure_reads_in_the_text_as_recorded(drafts):
    for kind, draft in drafts.items():
        body = text_of(split_svg(draft.body)[0])
        keys = [f["key"] for f in draft.figures]
        assert len(keys) == len(set(keys)), kind
        for figure in draft.figures:
            assert set(figure) == {"key", "label", "value", "text", "source"}
            assert " ".join(str(figure["text"]).split()) in body, (kind, figure)
            assert figure["source"].startswith("/"), (kind, figure)


def test_the_meetings_section_says_it_in_sentences(shared_busy_year, drafts):
    body = text_of(split_svg(drafts["meetings"].body)[0])
    assert "Rådet holdt ti møder i 2025." in body
    assert "Forretningsordenen blev ændret fra fire til seks møder om året fra 1. juli" in body
    assert "så den bad om fem i alt for året" in body
    assert "Et møde blev aflyst." in body
    figures = {f["key"]: f for f in drafts["meetings"].figures}
    assert figures["meetings.held"]["value"] == len(shared_busy_year.meetings)
    assert figures["meetings.asked"]["value"] == 5


def test_composition_counts_withdrawals_and_names_only_the_consenting_chair(shared_busy_year, drafts):
    by = shared_busy_year
    body = text_of(drafts["composition"].body)
    assert "Ved årets begyndelse havde rådet ti medlemmer og syv suppleanter." in body
    assert "I 2025 udtrådte et medlem og tre suppleanter efter eget ønske." in body
    assert "15 kandidater stillede op. Borgere og organisationer kunne søge otte af rådets ti pladser som " \
           "medlem." in body
    assert "Kommunalbestyrelsen udpegede den 20. maj 2025 (KB 20.05.2025, pkt. 7) ti medlemmer og fem " \
           "suppleanter" in body
    assert f"{by.appointment.reference}" in body
    assert f"{by.chair.name} blev valgt som formand, og rådet valgte også en næstformand." in body
    assert by.vice_chair.name not in body
    assert "Pr. 1. april 2026 har rådet ti medlemmer og tre suppleanter." in body


def test_no_name_of_anyone_who_did_not_consent(shared_busy_year, drafts):
    everything = " ".join(d.body + repr(d.figures) for d in drafts.values())
    assert not [name for name in shared_busy_year.names_hidden if name in everything]


def test_events_themes_responses_library_and_outlook(shared_busy_year, drafts):
    by = shared_busy_year
    events = text_of(drafts["events"].body)
    assert "deltog rådet i ti arrangementer i 2025" in events
    assert events.count("fra rådet deltog") == len(by.events)
    themes = text_of(drafts["themes"].body)
    assert "Rådet arbejdede med seks temaer i 2025. Ved årets udgang var to afsluttet, tre stadig i gang og et " \
           "udsat." in themes
    assert "Tovholder: formanden." in themes
    responses = text_of(drafts["responses"].body)
    assert "Rådet sendte fem høringssvar i 2025: to til Social- og Sundhedsudvalget" in responses
    for c in by.consultations:
        assert c.outcome.rstrip(".") in responses
    assert "sendte tre kommentarbreve" in responses
    assert "fire rapporter" in text_of(drafts["library"].body)
    outlook = text_of(drafts["outlook"].body)
    assert [t.title for t in by.themes if t.status == "postponed"][0] in outlook
    assert "Opgaver, der stadig er åbne" in outlook


def test_economy_budget_against_spent_with_per_diem_as_one_total(shared_busy_year, drafts):
    by = shared_busy_year
    body = drafts["economy"].body
    rows = [e for e in by.expenses if e.date.year == by.year]
    spent = sum((e.amount for e in rows if e.status == "spent"), Decimal(0))
    per_diem = sum((e.amount for e in rows if e.category == Category.PER_DIEM), Decimal(0))
    text = text_of(body)
    assert f"Rådets budget for 2025 var på 35.000 kr., og rådet brugte {kr_short(spent)}" in text
    assert f"Diæterne til medlemmerne udgjorde i alt {kr_short(per_diem)}" in text
    assert "<table>" in body and "<caption>" in body
    for label in Category.labels:
        assert f">{label}<" in body
    payees = {e.person.name for e in rows if e.person_id}
    assert not [name for name in payees if name in body]  # never per person


def test_annex_has_every_response_and_letter_in_full(shared_busy_year, drafts):
    by = shared_busy_year
    body = drafts["annex"].body
    for c in by.consultations:
        for paragraph in c.sent_text.split("\n\n"):
            assert paragraph in body
        assert f"Høringssvar vedrørende {c.title}" in body
    for lt in by.letters:
        for section in lt.sent_sections:
            assert section["text"] in body and section["heading"] in body
    assert "Bilaget gengiver fem høringssvar og tre kommentarbreve" in text_of(body)


def test_attendance_chart_is_accessible_and_survives_the_sanitiser(shared_busy_year):
    by = shared_busy_year
    facts = facts_of(by)
    svg = drafting.attendance_chart_svg(facts)
    clean = sanitise_svg(svg)
    assert 'role="img"' in clean
    ids = re.search(r'aria-labelledby="([^"]+)"', clean).group(1).split()
    for ident in ids:
        assert f'id="{ident}"' in clean
    assert "<title" in clean and "<desc" in clean
    assert "9,8" in clean or drafting.decimal_text(facts.meetings.average_present) in clean
    assert clean.count("<rect") == 2 * len(by.meetings) + 2  # invited and present per meeting, and the legend
    # The labels keep the documents' font through the sanitiser (an SVG in a PDF reads no CSS).
    assert 'font-family="Liberation Sans' in clean
    body, chart = split_svg(drafting.draft_section(kind="meetings", facts=facts, council=by.council).body)
    assert chart and "<svg" not in body
    # The text equivalent: one row per meeting with present and invited.
    assert sanitise(body).count("<tr>") == len(by.meetings) + 1


def test_drafts_are_danish_whatever_the_language(shared_busy_year):
    by = shared_busy_year
    with translation.override("en"):
        facts = facts_of(by)
        drafts = {kind: drafting.draft_section(kind=kind, facts=facts, council=by.council) for kind in DATA_KINDS}
    assert "Rådet holdt ti møder i 2025." in text_of(drafts["meetings"].body)
    assert "Tovholder: formanden." in text_of(drafts["themes"].body)
    assert ">Forplejning<" in drafts["economy"].body
    assert f"{by.chair.name}, formand, {by.council.name}" in drafts["annex"].body


def test_number_words():
    assert [drafting.number_word(n) for n in (0, 1, 2, 12, 13)] == ["ingen", "en", "to", "tolv", "13"]
    assert drafting.number_word(1, neuter=True) == "et"
    assert drafting.count(1, "møde", "møder", neuter=True) == "et møde"
    assert drafting.decimal_text(9.75) == "9,8" and drafting.decimal_text(10.0) == "10"


# --- Another kind of council -----------------------------------------------------------------------

def test_a_handicapraad_gets_its_own_titles(make_council):
    council = make_council("handicap-titler", preset="handicapraad", name="Handicaprådet i Nordby",
                           term_start=dt.date(2025, 1, 1), term_end=dt.date(2028, 12, 31))
    titles = PRESETS["handicapraad"].report_titles
    facts = year_facts(council=council, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    for kind in DATA_KINDS:
        assert drafting.section_title(council=council, kind=kind) == str(titles[kind])
        draft = drafting.draft_section(kind=kind, facts=facts, council=council)
        assert draft.title == str(titles[kind])
        assert "dsatteråd" not in draft.title and "dsatteråd" not in draft.body
    other = make_council("udsat-titler", preset="albertslund2018")
    assert drafting.section_title(council=other, kind="economy") == str(SectionKind.ECONOMY.label)
    assert drafting.section_title(council=other, kind="custom") == str(SectionKind.CUSTOM.label)


# --- The property ----------------------------------------------------------------------------------

_slugs = itertools.count(1)
STATUSES = [AttendanceStatus.PRESENT, AttendanceStatus.AFBUD, AttendanceStatus.ABSENT]
YEAR = 2025


def _random_year(attendance: list[list[str]], expenses: list[tuple], budget: Decimal):
    """A council with four members, a meeting per list in ``attendance`` (their statuses) and the
    expenses (category, amount, status, day of the year), all through the services."""
    slug = f"tilfaeldigt-aar-{next(_slugs)}"
    with historic() as clock:
        clock.at(dt.date(YEAR - 1, 12, 1))
        council = council_services.council_create_from_preset(
            municipality=MunicipalityFactory(slug=f"kommune-{slug}"), preset_key="albertslund2018",
            name=f"Rådet {slug}", slug=slug, term_start=dt.date(YEAR, 1, 1), term_end=dt.date(YEAR + 3, 12, 31))
        term = Term.objects.get(council=council)
        seat = SeatCategory.objects.filter(term=term).order_by("position").first()
        people = []
        for i in range(4):
            person = council_services.person_save(council=council, name=f"Medlem {i} {slug}",
                                                  email=f"m{i}.{slug}@example.org")
            council_services.membership_create(council=council, person=person, term=term, role="member",
                                               start=term.start, seat_category=seat)
            people.append(person)
        for n, statuses in enumerate(attendance):
            day = dt.date(YEAR, 1, 10) + dt.timedelta(days=25 * n)
            meeting = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(day, 16),
                                                   ends_at=at(day, 18))
            attendance_services.invitations_send(meeting=meeting, actor=None)
            clock.at(day, 18)
            minutes_services.attendance_register(meeting=meeting, actor=None, entries={
                p.pk: AttendanceEntry(status=s) for p, s in zip(people, statuses, strict=True)})
            minutes_services.meeting_mark_held(meeting=meeting)
        finance_services.budget_set(council=council, year=YEAR, amount=budget)
        for category, amount, status, day_of_year in expenses:
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=day_of_year)
            clock.at(day)
            finance_services.expense_create(council=council, date=day, category=category, amount=amount,
                                            status=status, description="Udgift",
                                            person=people[0] if category in (Category.PER_DIEM,
                                                                             Category.TRANSPORT) else None)
        clock.at(dt.date(YEAR, 12, 31), 20)
    return council


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(attendance=st.lists(st.lists(st.sampled_from(STATUSES), min_size=4, max_size=4), min_size=1, max_size=4),
       expenses=st.lists(st.tuples(st.sampled_from(Category.values),
                                   st.decimals(min_value=1, max_value=9999, places=2),
                                   st.sampled_from(["spent", "committed"]), st.integers(min_value=0, max_value=364)),
                         max_size=6),
       budget=st.decimals(min_value=0, max_value=50000, places=2))
def test_average_attendance_and_budget_totals_are_plain_arithmetic(db, attendance, expenses, budget):
    council = _random_year(attendance, expenses, budget)
    facts = year_facts(council=council, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))
    present = [sum(1 for s in statuses if s == AttendanceStatus.PRESENT) for statuses in attendance]
    assert [m.present for m in facts.meetings.held] == present
    assert [m.invited for m in facts.meetings.held] == [4] * len(attendance)
    assert facts.meetings.average_present == pytest.approx(sum(present) / len(present))
    assert facts.meetings.average_percent == round(100 * sum(present) / (4 * len(present)))
    economy = facts.economy
    spent = sum((a for _c, a, s, _d in expenses if s == "spent"), Decimal(0))
    committed = sum((a for _c, a, s, _d in expenses if s == "committed"), Decimal(0))
    assert (economy.budget.amount if economy.budget else None, economy.spent, economy.committed) == (
        budget, spent, committed)
    assert economy.left == budget - spent - committed
    for category in economy.categories:
        assert category.total == sum((a for c, a, _s, _d in expenses if c == category.category), Decimal(0))
    draft = drafting.draft_section(kind="economy", facts=facts, council=council)
    assert kr_short(spent) in text_of(draft.body)


def test_a_council_set_up_during_the_year(shared_busy_year):
    """The first year: the board decided before the first term, the members were appointed the
    day the term began, and nobody was on the council on 1 January."""
    by = shared_busy_year
    facts = facts_of(by)
    first_day = facts.introduction.set_up_on
    facts = replace(facts, introduction=replace(facts.introduction, rules_since=dt.date(2020, 6, 22),
                                                decided_on=first_day),
                    composition=replace(facts.composition, at_start=replace(facts.composition.at_start, members=0,
                                                                            substitutes=0)))
    intro = text_of(drafting.draft_section(kind="introduction", facts=facts, council=by.council).body)
    assert (f"Kommunalbestyrelsen i {by.council.municipality.name} besluttede at nedsætte {by.council.name}, og "
            "rådets forretningsorden gælder fra den 22. juni 2020.") in intro
    assert "De første medlemmer blev udpeget den 1. juli 2021 (KB 23.03.2021, pkt. 5), og rådets første " \
           "valgperiode begyndte samme dag." in intro
    composition = text_of(drafting.draft_section(kind="composition", facts=facts, council=by.council).body)
    assert "Ved årets begyndelse var rådet endnu ikke sat sammen. Ved årets udgang var der ti medlemmer" in composition


def test_a_period_that_is_not_a_calendar_year(shared_busy_year):
    """A report for the new term's first half year: "perioden" instead of "året", the rules' six a
    year pro-rated to the period (184 days: three), and only that period's meetings."""
    by = shared_busy_year
    start, end = by.new_term.start, dt.date(by.year, 12, 31)
    facts = year_facts(council=by.council, start=start, end=end)
    held = [m for m in by.meetings if m.starts_at.astimezone(CPH).date() >= start]
    body = text_of(drafting.draft_section(kind="meetings", facts=facts, council=by.council).body)
    assert (f"Rådet holdt {drafting.number_word(len(held), neuter=True)} møder fra 1. juli 2025 til 31. december "
            "2025.") in body
    assert "Forretningsordenen bad om seks møder om året, og det svarer til tre i perioden." in body
    assert "Til det konstituerende møde den 19. august 2025" in body
    composition = text_of(drafting.draft_section(kind="composition", facts=facts, council=by.council).body)
    assert "Ved periodens begyndelse havde rådet ti medlemmer og fem suppleanter." in composition

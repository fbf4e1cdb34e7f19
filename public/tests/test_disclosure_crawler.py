"""The public-name crawler (issue 9, "one rule for what is public"): a council is seeded through
the real services with people who did not consent to publication and a nominee, and their names
are put everywhere the public site could show them — roster, positions, attendance and afbud,
substitutes standing in, guests, action-item owners, event sign-ups and report backs, membership
changes between meetings, the backlog, decisions and intros that name them, a closed item with a
name in its title, a meeting title, an attachment name, a consultation's tovholder, draft and
outcome, a comment letter and the chair's signature. Agendas and minutes are published.

Then every public URL is walked with the test client (public/tests/crawler.py): the sitemap and
the landing page, every same-site link of every page, the ICS feeds and every PDF read back with
pypdf. None of the names may appear anywhere; the consenting names and the role labels must
(so the test cannot pass by showing nothing)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from public.tests.crawler import crawl

pytestmark = pytest.mark.django_db

HIDDEN = {
    "chair": "Xerxes Qvistgaard",          # the chair, without consent
    "member": "Ulrikke Zederkop",           # everywhere: owner, sign-up, report back, decisions, tovholder
    "afbud": "Yngvild Brandtoft",           # sends afbud
    "substitute": "Ottilie Wexø",           # stands in for her member
    "leaver": "Leopold Udtrædsen",          # leaves between the meetings
    "joiner": "Ingeborg Nytilkommen",       # joins between the meetings
    "guest": "Gustav Gæstesen",             # a guest at the meeting, no membership
    "nominee": "Zacharias Nomineesen",      # consented, but only nominated: never public
}
SHOWN = {"vice": "Vera Vilje", "member": "Palle Positiv", "substitute": "Svend Synlig"}
REPORT_YEAR = 2025  # the published annual report (its page and PDF are crawled)


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _at(day: dt.date, hour: int = 16) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def seeded(make_council, add_member, make_user, settings, tmp_path, django_capture_on_commit_callbacks):
    """The rich council, committed as the services would be in a running site: their commit callbacks
    (search reindex, public generation) have run, so nothing of the building is left waiting for a test's
    own commit to pick up."""
    with django_capture_on_commit_callbacks(execute=True):
        return _seed(make_council, add_member, make_user, settings, tmp_path)


def _seed(make_council, add_member, make_user, settings, tmp_path):  # noqa: PLR0915 - one story, told in order
    from activities.services import events as event_services
    from core.demo import pdf_upload
    from councils import services as council_services
    from councils.models import EndReason, MembershipRole
    from hearings.services import committees as committee_services
    from hearings.services import consultations as consultation_services
    from hearings.services import letters as letter_services
    from meetings.selectors import minutes as minutes_selectors
    from meetings.services import agenda as agenda_services
    from meetings.services import minutes as minutes_services
    from meetings.services import plan as plan_services

    settings.MEDIA_ROOT = tmp_path
    secretary = make_user("sek@nordby.dk")
    council = make_council("nordby", name="Udsatterådet i Nordby", secretary=secretary,
                           term_start=_day(-400), term_end=_day(1000))
    council_services.rules_update(council=council, actor=secretary, valid_from=_day(-400),
                                  formandskab_approves_responses=True)
    lived, board, experts, personal = ("Borgere med erfaring som socialt udsat", "Medlemmer af kommunalbestyrelsen",
                                       "Sagkyndige", "Personligt udpeget med særlig indsigt")
    start = _day(-300)
    chair_user, vice_user = make_user("x@nordby.dk"), make_user("v@nordby.dk")
    m = {
        "chair": add_member(council, HIDDEN["chair"], seat=lived, publish=False, start=start, user=chair_user),
        "vice": add_member(council, SHOWN["vice"], seat=board, publish=True, start=start, user=vice_user),
        "shown": add_member(council, SHOWN["member"], seat=lived, publish=True, start=start),
        "member": add_member(council, HIDDEN["member"], seat=lived, publish=False, start=start),
        "afbud": add_member(council, HIDDEN["afbud"], seat=lived, publish=False, start=start),
        "leaver": add_member(council, HIDDEN["leaver"], seat=experts, publish=False, start=start),
    }
    m["substitute"] = add_member(council, HIDDEN["substitute"], role=MembershipRole.SUBSTITUTE,
                                 substitute_for=m["afbud"], publish=False, start=start)
    m["shown_sub"] = add_member(council, SHOWN["substitute"], role=MembershipRole.SUBSTITUTE,
                                substitute_for=m["shown"], publish=True, start=start)
    p = {key: membership.person for key, membership in m.items()}
    council_services.position_assign(council=council, person=p["chair"], kind="chair", start=start)
    council_services.position_assign(council=council, person=p["vice"], kind="vice_chair", start=start)

    def meeting(days: int, **fields):
        return plan_services.meeting_create(council=council, kind="ordinary", starts_at=_at(_day(days)),
                                            ends_at=_at(_day(days), 18), location="Rådhuset", actor=secretary,
                                            **fields)

    def hold(meeting_, decisions: dict, afbud=(), stand_ins=None):
        for attendance in meeting_.attendances.select_related("person"):
            person = attendance.person
            if person in (stand_ins or {}).values():
                continue
            status = "afbud" if person in afbud else "present"
            minutes_services.attendance_record(meeting=meeting_, person=person, status=status, actor=secretary)
        for member, substitute in (stand_ins or {}).items():
            minutes_services.attendance_record(meeting=meeting_, person=substitute, status="present",
                                               stands_in_for=member, actor=secretary)
        minutes_services.meeting_mark_held(meeting=meeting_, actor=secretary)
        for item, decision in decisions.items():
            item.refresh_from_db()
            minutes_services.item_minutes_save(item=item, decision=decision, dissent="",
                                               expected_version=item.minutes_version, actor=secretary)

    # --- The first meeting, 90 days ago ----------------------------------------------------------
    first = meeting(-90)
    agenda_services.standard_items_create(meeting=first, actor=secretary)
    housing = agenda_services.item_create(
        meeting=first, title="Boliger til hjemløse", responsible=p["member"], actor=secretary,
        case_text=f"{HIDDEN['member']} har skrevet oplægget sammen med {SHOWN['member']}.")
    closed = agenda_services.item_create(meeting=first, title=f"Klage over {HIDDEN['afbud']}", closed=True,
                                         case_text=f"Fortroligt om {HIDDEN['afbud']}.", actor=secretary)
    agenda_services.attachment_add(item=housing, file=pdf_upload(f"Notat fra {HIDDEN['member']}.pdf", "Notat"),
                                   actor=secretary)
    agenda_services.agenda_publish(meeting=first, actor=secretary,
                                  now=first.starts_at - dt.timedelta(days=10))  # sent in time
    hold(first, {housing: f"Rådet takker {HIDDEN['member']} for oplægget. {HIDDEN['chair']}s forslag blev vedtaget.",
                 closed: f"{HIDDEN['afbud']} får svar."},
         afbud=[p["afbud"]], stand_ins={p["afbud"]: p["substitute"]})
    minutes_services.guest_add(meeting=first, name=HIDDEN["guest"], actor=secretary)
    minutes_services.minutes_intro_save(meeting=first, actor=secretary,
                                        text=f"Formanden bød velkommen til {HIDDEN['guest']}.")
    minutes_services.action_item_create(meeting=first, item=housing, title="Skrive til udvalget",
                                        owners=[p["member"], p["shown"]], due=_day(-60), actor=secretary)
    minutes_services.action_item_create(meeting=first, item=None, title=f"Ringe til {HIDDEN['afbud']}",
                                        owners=[p["chair"]], due=_day(-50), actor=secretary)

    # --- Between the meetings: one leaves, one joins, one is nominated; a proposal waits ----------
    council_services.membership_end(membership=m["leaver"], end=_day(-60), reason=EndReason.WITHDREW)
    joiner = add_member(council, HIDDEN["joiner"], seat=experts, publish=False, start=_day(-50))
    p["joiner"] = joiner.person
    nominee = add_member(council, HIDDEN["nominee"], seat=personal, publish=True, start=_day(-40))
    nominee.status = "nominated"
    nominee.save(update_fields=["status"])

    # --- The second meeting, 30 days ago -----------------------------------------------------------
    second = meeting(-30, title=f"Møde om {HIDDEN['member']}s forslag")
    agenda_services.standard_items_create(meeting=second, actor=secretary)  # changes, open tasks
    later = agenda_services.item_propose(council=council, meeting=second, proposed_by=p["member"],
                                         title="Tandpleje for udsatte", case_text="Et forslag.",
                                         now=_at(_day(-60)))
    agenda_services.proposal_postpone(item=later, actor=secretary)
    budget = agenda_services.item_create(meeting=second, title="Budget", actor=secretary,
                                         case_text="Status på budgettet.")
    agenda_services.agenda_publish(meeting=second, actor=secretary,
                                  now=second.starts_at - dt.timedelta(days=10))  # sent in time
    hold(second, {budget: f"{HIDDEN['joiner']}, {HIDDEN['member']} og {HIDDEN['chair']} følger budgettet."})
    minutes_services.action_item_create(meeting=second, item=budget, title="Følge budgettet",
                                        owners=[p["joiner"], p["chair"], p["vice"]], due=_day(30),
                                        actor=secretary)
    minutes_services.minutes_approve_at_meeting(meeting=first, at_meeting=second, actor=secretary)
    minutes_services.minutes_publish(meeting=first, actor=secretary)
    minutes_services.minutes_request_written_approval(meeting=second, actor=secretary)
    for person in minutes_selectors.written_approvers(meeting=second):
        minutes_services.minutes_approve_in_writing(meeting=second, person=person, actor=secretary)
    minutes_services.minutes_publish(meeting=second, actor=secretary)

    # --- Events: a report back and sign-ups for the next agenda -----------------------------------
    past = event_services.event_create(council=council, title="Netværksmøde", starts_at=_at(_day(-10), 10),
                                       actor=secretary)
    event_services.attendance_record(event=past, attended=[p["member"], p["chair"], p["shown"]],
                                     actor=secretary)
    upcoming = event_services.event_create(council=council, title="Temadag om ensomhed",
                                           starts_at=_at(_day(30), 10), actor=secretary)
    for key in ("member", "afbud", "shown"):
        event_services.signup(event=upcoming, person=p[key], actor=secretary)

    # --- The next meeting: the agenda is out -------------------------------------------------------
    third = meeting(14)
    agenda_services.standard_items_create(meeting=third, actor=secretary)  # events, backlog, tasks
    event_services.report_save(event=past, report=f"{HIDDEN['member']} holdt oplæg.", reported_by=p["member"],
                               actor=secretary)
    agenda_services.agenda_publish(meeting=third, actor=secretary,
                                  now=third.starts_at - dt.timedelta(days=10))  # sent in time

    # --- A consultation response and a comment letter ----------------------------------------------
    committee = committee_services.committee_create(council=council, name="Socialudvalget", abbreviation="SU")
    consultation = consultation_services.consultation_create(
        council=council, title="Hjemløsestrategi", received_on=_day(-20), deadline=_day(10), committee=committee,
        recipient_name="Socialudvalget", recipient_email="su@nordby.dk", actor=secretary)
    consultation_services.consultation_assign(consultation=consultation, owners=[p["member"]],
                                              actor=secretary)
    consultation_services.draft_save(
        consultation=consultation, expected_version=consultation.draft_version, actor=secretary,
        text=f"Rådet støtter strategien.\n\n{HIDDEN['member']} og {SHOWN['member']} har skrevet svaret.")
    consultation.refresh_from_db()
    for user in (chair_user, vice_user):
        consultation_services.formandskab_approve(consultation=consultation, actor=user,
                                                  expected_version=consultation.draft_version)
    consultation.refresh_from_db()
    consultation_services.consultation_send(consultation=consultation, actor=secretary)
    consultation_services.outcome_record(consultation=consultation, actor=secretary,
                                         outcome=f"Udvalget inviterede {HIDDEN['member']} til et møde.")
    committee_services.committee_follow_save(council=council, committee=committee, members=[p["member"]],
                                             recipient_name="Socialudvalget", recipient_email="su@nordby.dk")
    cmeeting = committee_services.committee_meeting_create(council=council, committee=committee,
                                                           starts_at=_at(_day(7)))
    citem = committee_services.committee_item_create(council=council, meeting=cmeeting, number=1,
                                                     title="Boligplan")
    committee_services.item_comment_save(council=council, item=citem, relevant=True, expected_version=0,
                                         text=f"{HIDDEN['member']} foreslår flere skæve boliger.")
    letter_services.comment_letter_save(council=council, committee_meeting=cmeeting, recipient_name="Socialudvalget",
                                        recipient_email="su@nordby.dk",
                                        closing=f"Spørgsmål kan rettes til {HIDDEN['chair']}.")
    letter_services.comment_letter_approve(council=council, committee_meeting=cmeeting, actor=secretary)
    letter_services.comment_letter_send(council=council, committee_meeting=cmeeting, actor=secretary)

    # --- The annual report, approved and published: its text, chart and annex name people ---------
    from reports.models import SectionKind
    from reports.tests.documents_builders import CHART, SECTIONS, published_report

    published_report(council, year=REPORT_YEAR, chart=CHART.replace(
        "i gennemsnit 7,5.", f"i gennemsnit 7,5. {HIDDEN['afbud']} meldte oftest afbud."), sections=[
        (SectionKind.INTRODUCTION, "Indledning",
         f"<p>{HIDDEN['chair']} og {SHOWN['vice']} ledede rådet i {REPORT_YEAR}.</p>"),
        (SectionKind.COMPOSITION, f"Sammensætning – {HIDDEN['joiner']} kom til",
         f"<ul><li>{HIDDEN['leaver']} udtrådte.</li><li>{HIDDEN['joiner']} og {SHOWN['member']} "
         f"trådte ind.</li></ul><p>{HIDDEN['nominee']} er indstillet.</p>"),
        *SECTIONS[2:-1],
        (SectionKind.ANNEX, "Bilag: høringssvar og kommentarer",
         f"<h2>Høringssvar om hjemløsestrategien</h2><p>Svaret er skrevet af {HIDDEN['member']}, "
         f"{HIDDEN['substitute']} og {HIDDEN['guest']}.</p>"),
    ])
    return council


def _words(text: str) -> str:
    """Text with every run of whitespace as one space (PDF text breaks lines anywhere)."""
    return " ".join(text.split())


def test_no_name_without_consent_anywhere_on_the_public_site(client, seeded):
    pages = crawl(client)

    leaks = []
    for url, text in pages.items():
        # Without any whitespace too: PDF text extraction may split a word, ICS folds long lines.
        flat, squeezed = _words(text).casefold(), re.sub(r"\s+", "", text).casefold()
        for key, name in HIDDEN.items():
            surname = name.split()[-1].casefold()
            if name.casefold() in flat or surname in squeezed:
                leaks.append((url, key, name))
    assert not leaks, leaks

    # The walk reached every kind of public page and document.
    kinds = {url for url in pages}
    for expected in ("/nordby/", "/nordby/medlemmer/", "/nordby/moeder/", "/nordby/moeder.ics",
                     "/nordby/hoeringssvar/", "/sitemap.xml"):
        assert expected in kinds, expected
    assert sum(url.endswith("referat.pdf") for url in pages) == 2
    assert sum(url.endswith("dagsorden.pdf") for url in pages) == 3
    assert any(re.search(r"/hoeringssvar/\d+/pdf/$", url) for url in pages)
    assert any(re.search(r"/kommentarbreve/\d+/pdf/$", url) for url in pages)
    assert any("/bilag/" in url for url in pages) and any(url.endswith("moede.ics") for url in pages)
    for url in ("/nordby/aarsberetninger/", f"/nordby/aarsberetninger/{REPORT_YEAR}/",
                f"/nordby/aarsberetninger/{REPORT_YEAR}/pdf/"):
        assert url in pages, url
    report_pdf = _words(pages[f"/nordby/aarsberetninger/{REPORT_YEAR}/pdf/"])
    assert "Bilag: høringssvar og kommentarer" in report_pdf and SHOWN["vice"] in report_pdf

    # Positive control: consenting names and the role labels are there.
    everything = _words("\n".join(pages.values()))
    for name in SHOWN.values():
        assert name in everything, name
    members = _words(pages["/nordby/medlemmer/"])
    assert SHOWN["vice"] in members and SHOWN["member"] in members
    assert "Desuden sidder formanden, 3 medlemmer og en suppleant i rådet uden navn på listen." in members


def test_the_public_minutes_show_attendance_decisions_and_tasks_by_role(client, seeded):
    from meetings.models import Meeting

    first = Meeting.objects.filter(council=seeded).order_by("starts_at").first()
    html = client.get(f"/nordby/moeder/{first.pk}/").content.decode()
    page = _words(re.sub(r"<[^>]+>", " ", html[html.index("<main"):html.index("</main>")]))
    # Names first (with a public position), then the others counted by their role that day.
    assert "Til stede Palle Positiv, Vera Vilje (næstformand), Svend Synlig, formanden og 2 medlemmer" in page
    assert "Suppleanter, der mødte for et medlem En suppleant" in page
    assert "Afbud Et medlem" in page and "Gæster En gæst" in page
    assert "Formanden bød velkommen til en gæst." in page
    assert "Rådet takker et medlem for oplægget. Formandens forslag blev vedtaget." in page
    assert "Skrive til udvalget Palle Positiv og et medlem" in page
    assert "Ringe til et medlem Formanden" in page
    # The closed item (title switch off by default) is not there at all.
    assert "Klage over" not in page and "får svar" not in page
    assert f'href="/nordby/moeder/{first.pk}/referat.pdf"' in html
    assert f'href="/nordby/moeder/{first.pk}/dagsorden.pdf"' in html

    from public.tests.crawler import pdf_text

    pdf = _words(pdf_text(client.get(f"/nordby/moeder/{first.pk}/referat.pdf").getvalue()))
    assert "Palle Positiv, Vera Vilje (næstformand), Svend Synlig, formanden og 2 medlemmer" in pdf
    assert "Rådet takker et medlem for oplægget." in pdf and "Klage over" not in pdf


def test_withdrawn_consent_takes_effect_everywhere_at_once(client, seeded, public_cache,
                                                          django_capture_on_commit_callbacks):
    """With Django's cache of public pages on (core.publiccache): the first walk fills it, and the
    withdrawal's commit renews every cached page at once."""
    from councils.models import Person
    from councils.services import person_save

    before = crawl(client)
    assert any(SHOWN["member"] in _words(text) for text in before.values())
    assert client.get("/nordby/medlemmer/")["X-Stemme-Cache"] == "hit"  # the walk above stored it
    with django_capture_on_commit_callbacks(execute=True):
        person_save(council=seeded, instance=Person.objects.get(council=seeded, name=SHOWN["member"]),
                    publish_name=False)
    after = crawl(client)
    assert not [url for url, text in after.items() if "Positiv" in text], "the withdrawn name is still shown"


def test_the_demo_names_nobody_without_consent(client):
    """The demo data (manage.py seed_demo) walked the same way: on each council's public pages no
    full name of one of its people the policy may not name (PDFs are left to the test above, but
    for the published 2018 annual report, whose PDF is read too)."""
    from core.demo import seed_all
    from core.disclosure import Disclosure
    from councils.models import Council, Person

    seed_all()
    pages = crawl(client, skip=lambda url: url.endswith(".pdf") or url.endswith("/pdf/"))
    assert len(pages) > 40
    assert "/albertslund/aarsberetninger/2018/" in pages  # the published 2018 annual report
    from public.tests.crawler import response_text

    report_pdf = "/albertslund/aarsberetninger/2018/pdf/"
    pages[report_pdf] = response_text(client.get(report_pdf))
    assert "Bilag" in pages[report_pdf]
    leaks = []
    for council in Council.objects.all():
        disclosure = Disclosure.for_council(council, on=timezone.localdate())
        hidden = [p.name for p in Person.objects.filter(council=council) if not disclosure.can_name(p)]
        own = {url: _words(text).casefold() for url, text in pages.items() if url.startswith(f"/{council.slug}/")}
        leaks += [(url, name) for name in hidden for url, text in own.items() if name.casefold() in text]
    assert not leaks, leaks

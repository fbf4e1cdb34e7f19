"""The meeting cycle as the people do it: the secretariat plans a meeting, decides on the open
items the ended term left (carries one over, closes the rest) and builds its agenda, a member
proposes an item which is accepted, the agenda is sent through the outbox to a real SMTP
server, and a member sends afbud from the link in the e-mail – after which the personal
substitute's invitation arrives; on her phone she takes the afbud back (the substitute is told)
and sends it again. When the meeting has begun: the whole meeting's attendance in one form on a
phone (an error first, then saved), the minutes with the substitute standing in, reordering
items (they keep the numbers they were sent with), decisions, an action item, held, written
approval by each member present, publishing; the public minutes (closed item hidden), the
minutes as PDF and Word, and the next meeting's first item following up on the open action
items. Then the rules of procedure change so substitutes attend every meeting: the rules page
points to the meeting already called, and the change is applied there. Last, a meeting whose
agenda goes out late (the page asks why), an item added after sending (the supplementary
agenda) and the standard texts computed again (a diff to confirm)."""

import datetime as dt
import io
import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def cycle(make_user, make_council, add_member):
    from councils import services
    from councils.models import Membership

    secretary = make_user("sek@ex.org", name="Sara Sekretær")
    member_user = make_user("maja@ex.org", name="Maja Medlem")
    council = make_council("cyklus", preset="ishoej2015", secretary=secretary, name="Udsatterådet i Cyklus")
    services.rules_update(council=council, actor=secretary, valid_from=dt.date(2026, 1, 1),
                          substitute_attendance="when_needed", substitute_mode="personal")
    maja = add_member(council, "Maja Medlem", user=member_user, email="maja@ex.org")
    bent = make_user("bent@ex.org", name="Bent Bach")
    carla = make_user("carla@ex.org", name="Carla Dam")
    add_member(council, "Bent Bach", user=bent, email="bent@ex.org")
    add_member(council, "Carla Dam", user=carla, email="carla@ex.org")
    bent_membership = Membership.objects.get(council=council, person__name="Bent Bach")
    add_member(council, "Sofus Suppleant", role="substitute", substitute_for=maja, email="sofus@ex.org")
    add_member(council, "Signe Suppleant", role="substitute", substitute_for=bent_membership, email="signe@ex.org")
    return {"secretary": secretary, "member": member_user, "council": council, "approvers": [bent, carla]}


@pytest.fixture
def ended_term(cycle, people_of_cycle):
    """The council's previous term left two open action items and a backlog item."""
    from councils import services
    from meetings.models import AgendaItem, ProposalStatus
    from meetings.services import minutes as minutes_services
    from meetings.services.plan import meeting_create

    council = cycle["council"]
    services.term_create(council=council, name="2022–2025", start=dt.date(2022, 1, 1), end=dt.date(2025, 12, 31))
    start = dt.datetime(2025, 11, 18, 16, tzinfo=timezone.get_current_timezone())
    old = meeting_create(council=council, kind="ordinary", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    for title in ("Undersøge en bisidderordning", "Aftale et interview med lokalavisen"):
        minutes_services.action_item_create(meeting=old, item=None, title=title, owners=[people_of_cycle["Bent Bach"]],
                                            due=dt.date(2026, 1, 31))
    item = AgendaItem.objects.create(council=council, title="Morgenmad på skolerne", position=0,
                                     proposal_status=ProposalStatus.BACKLOG)
    AgendaItem.objects.filter(pk=item.pk).update(created_at=start)  # written in the old term
    return old


@pytest.fixture
def people_of_cycle(cycle):
    from councils.models import Person

    return {p.name: p for p in Person.objects.filter(council=cycle["council"])}


def maja_person(cycle):
    from councils.models import Person

    return Person.objects.get(council=cycle["council"], name="Maja Medlem")


def _text(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def test_the_meeting_cycle_from_year_plan_to_published_minutes(
        page, phone_page, browser, live_server, login, axe, cycle, ended_term, smtp_server):  # noqa: F811 (pytest fixture)
    from notifications.services import outbox_send_pending

    slug = cycle["council"].slug
    day = timezone.localdate() + dt.timedelta(days=30)

    # The secretariat creates the meeting in the plan – on the day of a theme day the council
    # goes to, which the form points out once before keeping the date.
    from activities.services.events import event_create

    theme_start = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())
    event_create(council=cycle["council"], title="Temadag om ensomhed", starts_at=theme_start,
                 ends_at=theme_start + dt.timedelta(hours=5), place="Frivilligcentret", actor=cycle["secretary"])
    login(page, cycle["secretary"])
    page.goto(f"/{slug}/intern/moeder/")
    axe(page, name="cycle-01-plan")
    page.get_by_role("link", name="Nyt møde").click()
    axe(page, name="cycle-02-new-meeting")
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Starter kl.").fill("16:00")
    page.get_by_label("Slutter kl.").fill("18:00")
    page.get_by_label("Sted").fill("Rådhuset, mødelokale 3")
    page.get_by_role("button", name=re.compile("Opret|Gem")).last.click()
    expect(page.get_by_test_id("clash-warning")).to_contain_text("Temadag om ensomhed")
    axe(page, name="cycle-02b-new-meeting-clash")
    page.get_by_role("button", name=re.compile("Opret|Gem")).last.click()
    expect(page.get_by_test_id("clash-warning")).to_contain_text("Temadag om ensomhed")  # on the meeting page
    axe(page, name="cycle-03-meeting")
    page.goto(f"/{slug}/intern/moeder/?aar={day.year}")
    expect(page.get_by_test_id("clash")).to_contain_text("Arrangement samme dag: Temadag om ensomhed")
    axe(page, name="cycle-03a-plan-clash")
    page.get_by_test_id("plan-month").get_by_role("link", name="Ordinært møde").click()

    # The ended term's open items: one carried over, the rest closed.
    section = page.get_by_test_id("ended-term")
    expect(section.get_by_role("heading", level=2)).to_have_text("Åbne opgaver fra sidste valgperiode")
    expect(section.get_by_test_id("ended-term-actions").locator("li")).to_have_count(2)
    section.get_by_role("button", name=re.compile(r"^Før med\W+Undersøge en bisidderordning")).click()
    expect(page.get_by_role("status").first).to_contain_text("1 opgave eller punkt er ført med")
    section = page.get_by_test_id("ended-term")
    expect(section.get_by_test_id("ended-term-actions").locator("li")).to_have_count(1)
    axe(page, name="cycle-03b-ended-term")
    section.get_by_role("button", name="Luk alle").click()
    expect(page.get_by_test_id("ended-term")).to_have_count(0)

    # Agenda: standard items and the council's own items, one of them closed.
    page.get_by_role("link", name="Dagsorden", exact=True).first.click()
    page.get_by_role("button", name="Tilføj standardpunkter").click()
    axe(page, name="cycle-04-agenda")
    for title, closed in (("Fokus på det sociale frikort", False),
                          ("Udkast til årsberetning", False),
                          ("Mødet med Social- og Sundhedsudvalget", False),
                          ("Henvendelse om en enkelt borger", True)):
        page.get_by_role("link", name="Tilføj punkt").first.click()
        page.get_by_label("Overskrift", exact=True).fill(title)
        if closed:
            page.get_by_label("Lukket punkt").check()
            page.get_by_label(re.compile("^Overskriften må offentliggøres", re.I)).uncheck()
        page.get_by_role("button", name="Gem punkt").click()
    axe(page, name="cycle-05-agenda-items")
    from meetings.models import Meeting

    meeting = Meeting.objects.get(council=cycle["council"], starts_at__date=day)
    agenda_url = f"/{slug}/intern/moeder/{meeting.pk}/dagsorden/"

    # A member proposes an item before the deadline.
    member_page = browser.new_context(base_url=live_server.url, locale="da-DK").new_page()
    login(member_page, cycle["member"])
    member_page.goto(agenda_url + "foreslaa/")
    axe(member_page, name="cycle-06-propose")
    member_page.get_by_label("Hvad skal rådet tale om?").fill("Tandlægebesøg for udsatte")
    member_page.get_by_label("Beskriv punktet").fill("Mange kender ikke muligheden for støtte.")
    member_page.get_by_role("button", name="Send forslaget").click()
    axe(member_page, name="cycle-07-proposed")

    # The secretariat accepts it and publishes the agenda (with a confirmation step).
    page.goto(agenda_url)
    page.get_by_role("button", name="Sæt på dagsordenen").first.click()
    axe(page, name="cycle-08-accepted")
    page.get_by_role("link", name="Udsend dagsorden").first.click()
    axe(page, name="cycle-09-publish-confirm")
    page.get_by_role("button", name="Udsend dagsorden og indkaldelser").click()
    axe(page, name="cycle-10-published")

    counts = outbox_send_pending()
    assert counts.get("sent", 0) >= 3, counts
    mail = smtp_server.wait_for(3)
    maja_mail = next(m for m in mail if "maja@ex.org" in m.get("To", ""))
    assert not [m for m in smtp_server.messages() if "sofus@ex.org" in m.get("To", "")]
    link = re.search(r"https?://\S+/afbud/\S+", _text(maja_mail)).group(0)

    # Afbud from the link, without logging in.
    anon = browser.new_context(base_url=live_server.url, locale="da-DK").new_page()
    anon.goto(urlparse(link).path)
    axe(anon, name="cycle-11-afbud")
    anon.get_by_role("button", name=re.compile("Send afbud|Meld afbud")).click()
    expect(anon.get_by_role("heading", level=1)).to_contain_text("afbud")
    axe(anon, name="cycle-12-afbud-done")

    outbox_send_pending()
    sofus = smtp_server.wait_for(4)
    assert any("sofus@ex.org" in m.get("To", "") for m in sofus)

    # On her phone, Maja opens the link again: she can take the afbud back, and does.
    phone_page.goto(urlparse(link).path)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Du har meldt afbud")
    expect(phone_page.get_by_test_id("afbud-withdraw")).to_contain_text(
        "Sofus Suppleant får besked om, at du kommer alligevel.")
    axe(phone_page, name="cycle-12a-afbud-phone")
    phone_page.get_by_role("button", name="Fortryd afbud").click()
    expect(phone_page.get_by_role("status").first).to_contain_text("Dit afbud er fortrudt")
    expect(phone_page.get_by_role("button", name="Send afbud")).to_be_visible()
    axe(phone_page, name="cycle-12b-afbud-withdrawn-phone")
    outbox_send_pending()
    released = [m for m in smtp_server.wait_for(5) if "sofus@ex.org" in m.get("To", "")][-1]
    assert released["Subject"].strip().startswith("Maja Medlem kommer alligevel")
    assert "Du skal derfor ikke møde som suppleant for Maja Medlem." in _text(released)
    # She cannot come after all: afbud again, and Sofus is called in again.
    phone_page.get_by_role("button", name="Send afbud").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Du har meldt afbud")
    outbox_send_pending()
    assert len([m for m in smtp_server.wait_for(6) if "sofus@ex.org" in m.get("To", "")]) == 3

    # --- The meeting begins -------------------------------------------------------------------
    from django.urls import reverse

    from meetings.models import AgendaItem

    started = timezone.now() - dt.timedelta(minutes=10)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=started, ends_at=started + dt.timedelta(hours=2))
    meeting.refresh_from_db()
    items = {i.title: i for i in AgendaItem.objects.filter(meeting=meeting)}
    minutes_url = reverse("meetings:minutes", args=[slug, meeting.pk])

    # The whole meeting's attendance in one form, on a phone: everyone invited starts as present.
    login(phone_page, cycle["secretary"])
    phone_page.goto(reverse("meetings:attendance_record", args=[slug, meeting.pk]))
    sheet = phone_page.get_by_test_id("attendance-sheet")
    def person_box(name):
        return phone_page.get_by_test_id("attendance-sheet").get_by_role("group", name=re.compile(f"^{name}"))

    for name in ("Bent Bach", "Carla Dam", "Sofus Suppleant"):
        expect(person_box(name).get_by_label("Til stede", exact=True)).to_be_checked()
    expect(person_box("Maja Medlem").get_by_label("Afbud", exact=True)).to_be_checked()
    expect(sheet.get_by_role("group", name=re.compile("^Sofus")).get_by_label("Møder for")).to_have_value(
        str(maja_person(cycle).pk))
    axe(phone_page, name="cycle-13a-attendance-sheet-phone")
    # A slip: Sofus marked with afbud while still standing in for Maja – refused, nothing lost.
    sheet.get_by_role("group", name=re.compile("^Carla Dam")).get_by_label("Fraværende uden afbud").check()
    sheet.get_by_role("group", name=re.compile("^Sofus")).get_by_label("Afbud", exact=True).check()
    phone_page.get_by_role("button", name="Gem fremmødet").click()
    expect(phone_page.locator("[data-error-summary]")).to_contain_text(
        "Sofus Suppleant skal være til stede for at kunne møde for et medlem.")
    expect(sheet.get_by_role("group", name=re.compile("^Carla Dam")).get_by_label("Fraværende uden afbud")
           ).to_be_checked()
    axe(phone_page, name="cycle-13b-attendance-sheet-error-phone")
    sheet = phone_page.get_by_test_id("attendance-sheet")
    sheet.get_by_role("group", name=re.compile("^Carla Dam")).get_by_label("Til stede", exact=True).check()
    sheet.get_by_role("group", name=re.compile("^Sofus")).get_by_label("Til stede", exact=True).check()
    phone_page.get_by_role("button", name="Gem fremmødet").click()
    expect(phone_page.get_by_role("status").first).to_contain_text("Fremmødet er gemt")
    axe(phone_page, name="cycle-13c-attendance-sheet-saved-phone")

    # --- The minutes ------------------------------------------------------------------------

    # Attendance: members present, Maja's afbud stands, Sofus present for her.
    page.goto(minutes_url)
    axe(page, name="cycle-13-minutes")
    # A refused htmx form shows its errors in place: htmx swaps the 400 (base.html's htmx-config).
    # (Carla Dam is present since the attendance form, so no one can stand in for her.)
    page.get_by_label("Sofus Suppleant møder for").select_option(label="Carla Dam")
    page.get_by_role("button", name="Gem fremmøde for Sofus Suppleant").click()
    expect(page.locator("#attendance-panel [data-error-summary]")).to_contain_text(
        "Carla Dam er registreret som til stede, så ingen kan møde i stedet.")
    for name in ("Bent Bach", "Carla Dam"):
        page.get_by_label(f"Fremmøde for {name}", exact=True).select_option("present")
        page.get_by_role("button", name=f"Gem fremmøde for {name}").click()
        expect(page.locator("#attendance-status")).to_contain_text(f"Fremmødet for {name} er gemt.")
    expect(page.get_by_label("Fremmøde for Maja Medlem", exact=True)).to_have_value("afbud")
    page.get_by_label("Fremmøde for Sofus Suppleant", exact=True).select_option("present")
    page.get_by_label("Sofus Suppleant møder for").select_option(label="Maja Medlem")
    page.get_by_role("button", name="Gem fremmøde for Sofus Suppleant").click()
    expect(page.locator("#attendance-status")).to_contain_text("Fremmødet for Sofus Suppleant er gemt.")
    page.reload()
    table = page.get_by_test_id("attendance-table")
    from councils.models import Person

    maja = Person.objects.get(council=cycle["council"], name="Maja Medlem")
    expect(table.get_by_label("Sofus Suppleant møder for")).to_have_value(str(maja.pk))
    for name, status in (("Bent Bach", "present"), ("Carla Dam", "present"), ("Maja Medlem", "afbud"),
                         ("Sofus Suppleant", "present")):
        expect(table.locator("tr", has_text=name).first).to_have_attribute("data-status", status)
    axe(page, name="cycle-14-attendance")

    # Items 3 and 4 change places on the agenda page (also during the meeting).
    page.goto(agenda_url)
    titles = page.get_by_test_id("agenda-item").locator("h3")
    third, fourth = titles.nth(2).inner_text(), titles.nth(3).inner_text()
    third_title, fourth_title = third.split(" ", 1)[1], fourth.split(" ", 1)[1]
    # The agenda was sent: the items keep the numbers the members have, in their new order.
    page.get_by_role("button", name=re.compile(r"^Flyt ned: punkt 3,")).click()
    expect(titles.nth(2)).to_have_text(f"4. {fourth_title}")
    expect(titles.nth(3)).to_have_text(f"3. {third_title}")
    expect(page.get_by_test_id("order-changed")).to_be_visible()
    page.reload()
    expect(titles.nth(2)).to_have_text(f"4. {fourth_title}")
    expect(page.get_by_test_id("order-changed")).to_be_visible()
    axe(page, name="cycle-15-agenda-reordered")

    # Decisions for two items and an action item with an owner and a due date.
    decisions = {"Fokus på det sociale frikort": "Rådet anbefaler, at frikortet gøres permanent.",
                 "Tandlægebesøg for udsatte": "Sekretariatet undersøger tilskud til tandpleje."}
    page.goto(minutes_url)
    for title, text in decisions.items():
        section = page.locator(f"#item-{items[title].pk}")
        section.get_by_label(re.compile(r"^Beslutning")).fill(text)
        section.get_by_role("button", name=re.compile(r"^Gem beslutning i punkt")).click()
        expect(page.locator(f"#item-{items[title].pk}").get_by_label(re.compile(r"^Beslutning"))).to_have_value(text)
    due = day + dt.timedelta(days=20)
    action_title = "Skriv til regionen om tandpleje"
    section = page.locator(f"#item-{items['Tandlægebesøg for udsatte'].pk}")
    section.locator("summary", has_text="Tilføj opgave").click()
    form = section.locator("form[action$='/opgaver/']")
    form.get_by_label("Opgave", exact=True).fill(action_title)
    form.get_by_label("Bent Bach", exact=True).check()
    form.get_by_label("Frist").fill(due.isoformat())
    form.get_by_role("button", name="Tilføj opgaven").click()
    expect(page.locator(f"#item-{items['Tandlægebesøg for udsatte'].pk}").get_by_test_id("actions")).to_contain_text(
        f"{action_title} – tovholder: Bent Bach – frist {due:%d.%m.%Y}")
    axe(page, name="cycle-16-decisions")

    # Held, then sent for written approval to the members who were present.
    page.get_by_role("button", name="Registrér mødet som afholdt").click()
    page.get_by_role("button", name="Send til skriftlig godkendelse").click()
    expect(page.get_by_test_id("approvals")).to_contain_text("Bent Bach: mangler")
    expect(page.get_by_test_id("approvals")).not_to_contain_text("Maja Medlem")
    expect(page.get_by_test_id("approvals")).not_to_contain_text("Sofus")
    axe(page, name="cycle-17-sent-for-approval")

    approve_url = reverse("meetings:minutes_approve", args=[slug, meeting.pk])
    member_page.goto(approve_url)
    expect(member_page.get_by_test_id("approve-box")).to_contain_text("Du var ikke registreret som til stede")
    for n, user in enumerate(cycle["approvers"]):
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        approver = context.new_page()
        login(approver, user)
        approver.goto(approve_url)
        axe(approver, name=f"cycle-18-approve-{n}")
        approver.get_by_role("button", name="Jeg godkender referatet").click()
        expect(approver.get_by_test_id("approve-box")).to_contain_text(
            "Du har godkendt referatet" if n == 0 else "Referatet er godkendt")
        axe(approver, name=f"cycle-19-approved-{n}")
        context.close()

    page.goto(minutes_url)
    page.get_by_role("button", name="Offentliggør referatet").click()
    expect(page.locator("#approval")).to_contain_text("Referatet er offentliggjort")
    axe(page, name="cycle-20-published")
    meeting.refresh_from_db()
    assert meeting.status == "minutes_published"

    # The public minutes: decisions shown, the closed item's title not.
    closed = items["Henvendelse om en enkelt borger"]
    assert closed.closed and not closed.publish_title
    anon.goto(reverse("public:meeting", args=[slug, meeting.pk]))
    axe(anon, name="cycle-21-public-minutes")
    agenda = anon.get_by_test_id("public-agenda")
    for text in decisions.values():
        expect(agenda).to_contain_text(text)
    expect(anon.locator("body")).not_to_contain_text("Henvendelse om en enkelt borger")

    # The internal minutes as PDF and Word.
    from docx import Document
    from pypdf import PdfReader

    page.goto(minutes_url)
    pdf_href = page.get_by_role("link", name="Referat som PDF").get_attribute("href")
    docx_href = page.get_by_role("link", name="Referat som Word").get_attribute("href")
    pdf = page.request.get(pdf_href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    pdf_text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.body())).pages)
    pdf_text = re.sub(r"\s+", " ", pdf_text)
    word = page.request.get(docx_href)
    assert word.ok
    doc = Document(io.BytesIO(word.body()))
    word_text = [p.text for p in doc.paragraphs]
    word_text += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    word_text = re.sub(r"\s+", " ", " ".join(word_text))
    for text in (*decisions.values(), action_title, "Bent Bach", "Carla Dam", "Sofus Suppleant"):
        assert text in pdf_text, (text, pdf_text[:2000])
        assert text in word_text, (text, word_text[:2000])

    # The next meeting: item 1 follows up on the open action item.
    from meetings.services.agenda import agenda_publish, standard_items_create
    from meetings.services.plan import meeting_create

    start = meeting.starts_at + dt.timedelta(days=35)
    following = meeting_create(council=cycle["council"], kind="ordinary", starts_at=start,
                               ends_at=start + dt.timedelta(hours=2), location="Rådhuset",
                               actor=cycle["secretary"])
    standard_items_create(meeting=following, actor=cycle["secretary"])
    page.goto(reverse("meetings:agenda", args=[slug, following.pk]))
    first = page.get_by_test_id("agenda-item").first
    expect(first.locator("h3")).to_contain_text("1.")
    first.locator("summary").click()
    expect(first).to_contain_text(action_title)
    expect(first).to_contain_text("Bent Bach")
    axe(page, name="cycle-22-next-agenda")
    expect(first).to_contain_text("Undersøge en bisidderordning")  # carried over from the ended term
    expect(first).to_contain_text("ført med fra sidste valgperiode")


    # --- The rules change after the next meeting is called -------------------------------------
    agenda_publish(meeting=following, actor=cycle["secretary"])  # substitutes only when needed
    page.goto(reverse("councils:rules_edit", args=[slug]))
    page.get_by_label("Suppleanters deltagelse").select_option("always")
    page.get_by_role("button", name="Gem ny version").click()
    followup = page.get_by_test_id("rules-followup")
    expect(followup).to_contain_text("Forretningsordenen ændrer, hvem der er indkaldt til 1 møde")
    axe(page, name="cycle-23-rules-followup")
    followup.get_by_role("link", name="Se ændringerne, og anvend dem").click()
    diff = page.get_by_test_id("rules-diff")
    expect(diff.get_by_test_id("invite")).to_contain_text("Signe Suppleant")
    expect(diff.get_by_test_id("invite")).to_contain_text("Sofus Suppleant")
    axe(page, name="cycle-24-rules-apply")
    diff.get_by_role("button", name=re.compile("^Anvend på mødet")).click()
    expect(page.get_by_role("status").first).to_contain_text("Forretningsordenen er anvendt på mødet")
    expect(page.get_by_test_id("no-diffs")).to_be_visible()
    axe(page, name="cycle-25-rules-applied")
    from meetings.models import Attendance

    assert set(Attendance.objects.filter(meeting=following, person__name__endswith="Suppleant")
               .values_list("status", flat=True)) == {"invited"}
    outbox_send_pending()
    signe = [m for m in smtp_server.messages() if "signe@ex.org" in m.get("To", "")]
    assert signe and signe[-1]["Subject"].strip().startswith("Indkaldelse: Udsatterådet i Cyklus")
    assert "/afbud/" in _text(signe[-1])

    # --- A meeting called at short notice ------------------------------------------------------
    from decimal import Decimal

    from finance import services as finance_services
    from meetings.services.agenda import item_create

    soon = timezone.now().replace(hour=16, minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    extra = meeting_create(council=cycle["council"], kind="extraordinary", starts_at=soon,
                           ends_at=soon + dt.timedelta(hours=2), location="Rådhuset", actor=cycle["secretary"])
    standard_items_create(meeting=extra, actor=cycle["secretary"])
    item_create(meeting=extra, title="Høring om varmestuen", actor=cycle["secretary"])
    page.goto(reverse("meetings:agenda_publish", args=[slug, extra.pk]))
    expect(page.get_by_test_id("late-warning")).to_contain_text("Dagsordenen udsendes for sent")
    axe(page, name="cycle-23-late-publish")
    page.get_by_role("button", name="Udsend dagsorden og indkaldelser").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv, hvorfor dagsordenen udsendes senere")
    axe(page, name="cycle-24-late-publish-error")
    page.get_by_label("Hvorfor udsendes dagsordenen for sent?").fill("Høringsfristen kom med kort varsel.")
    page.get_by_role("button", name="Udsend dagsorden og indkaldelser").click()
    expect(page.get_by_role("status").first).to_contain_text("Dagsordenen er udsendt.")
    extra.refresh_from_db()
    assert extra.agenda_late_reason == "Høringsfristen kom med kort varsel."

    # An item after sending: numbered after the item before it, then the supplementary agenda.
    page.get_by_role("link", name="Tilføj punkt").first.click()
    page.get_by_label("Overskrift", exact=True).fill("Varmestuens åbningstider i julen")
    page.get_by_role("button", name="Gem punkt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Udsend supplerende dagsorden")
    expect(page.get_by_test_id("supplement-items")).to_contain_text("2a. Varmestuens åbningstider i julen")
    axe(page, name="cycle-25-supplement")
    page.get_by_role("button", name="Udsend supplerende dagsorden").click()
    expect(page.get_by_role("status").first).to_contain_text("Den supplerende dagsorden er lagt i udbakken")
    expect(page.get_by_test_id("supplementary").first).to_have_text("Supplerende punkt")

    # An expense registered after sending: the economy text is computed again only after a diff.
    finance_services.budget_set(council=cycle["council"], year=timezone.localdate().year, amount=Decimal(25_000))
    finance_services.expense_create(council=cycle["council"], date=timezone.localdate(), category="catering",
                                    amount=Decimal(640), description="Kaffe og brød")
    page.get_by_role("link", name="Beregn standardpunkterne igen").click()
    expect(page.get_by_test_id("refresh-sent-warning")).to_contain_text("Dagsordenen er udsendt")
    economy = page.get_by_test_id("refresh-item").filter(has_text="Økonomi")
    expect(economy.locator("ins").first).to_contain_text("640")  # the new expense, marked as added
    expect(economy.get_by_label("Brug den nye tekst i “Økonomi”")).to_be_checked()
    axe(page, name="cycle-26-standard-diff")
    page.get_by_role("button", name="Bekræft og ret de udsendte tekster").click()
    expect(page.get_by_role("status").first).to_contain_text("er beregnet igen")
    from core.models import AuditEvent

    assert AuditEvent.objects.filter(action="meetings.agenda_item.standard_recomputed").exists()

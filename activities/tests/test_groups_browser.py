"""Working groups in Chromium with axe-core on every page: the secretariat creates a group and
chooses its members (with a form error on the way), a member of the group adds a note and a task
for themself, sees it on "Mine opgaver", marks it done, and finds it there as done; a member
outside the group reads the group page without forms."""

import pytest
from playwright.sync_api import expect

from activities.tests.groups_builders import in_days

pytestmark = [pytest.mark.browser, pytest.mark.world("group")]


def test_group_note_task_and_my_tasks(page, login, axe, world):
    w = world
    base = f"/{w.slug}/intern/arbejdsgrupper/"

    # The secretariat creates the group and chooses its members.
    login(page, w.seed.secretary)
    page.goto(base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbejdsgrupper")
    axe(page, name="groups-01-list")
    page.get_by_role("link", name="Ny arbejdsgruppe").click()
    axe(page, name="groups-02-form")
    page.get_by_label("Navn").fill("Årsberetningen")  # taken
    page.get_by_role("button", name="Opret arbejdsgruppen").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    axe(page, name="groups-03-form-error")
    page.get_by_label("Navn").fill("Social- og Sundhedsudvalget")
    page.get_by_label("Formål").fill("Følger udvalgets dagsordener og skriver rådets kommentarer.")
    page.get_by_label("Sune Dahl").check()
    page.get_by_label("Helle Bøgh").check()
    page.get_by_role("button", name="Opret arbejdsgruppen").click()
    expect(page.get_by_text("Arbejdsgruppen “Social- og Sundhedsudvalget” er oprettet.")).to_be_visible()
    expect(page.get_by_test_id("members")).to_contain_text("Helle Bøgh")
    axe(page, name="groups-04-group-secretariat")
    group_url = page.url

    # A member of the group writes a note and a task for themself.
    page.context.clear_cookies()
    login(page, w.users["group"])
    page.goto(group_url)
    page.get_by_label("Ny note").fill("Vi læser dagsordenen sammen på tirsdag.")
    page.get_by_role("button", name="Gem noten").click()
    expect(page.get_by_text("Noten er gemt.")).to_be_visible()
    expect(page.get_by_test_id("notes")).to_contain_text("Vi læser dagsordenen sammen på tirsdag.")
    page.get_by_label("Opgave", exact=True).fill("Læs punkt 3 om sundhedspolitikken")
    page.locator("#tasks").get_by_label("Sune Dahl").check()
    page.get_by_label("Frist").fill(in_days(7).isoformat())
    page.get_by_role("button", name="Opret opgaven").click()
    expect(page.get_by_text("Opgaven “Læs punkt 3 om sundhedspolitikken” er oprettet.")).to_be_visible()
    expect(page.get_by_test_id("open-tasks")).to_contain_text("Læs punkt 3 om sundhedspolitikken")
    axe(page, name="groups-05-group-member")

    # It shows on the member's own tasks.
    page.goto(f"{base}mine-opgaver/")
    expect(page.get_by_test_id("my-open-tasks")).to_contain_text("Læs punkt 3 om sundhedspolitikken")
    axe(page, name="groups-06-my-tasks")

    # Marked done on the group page, it shows as done on the own tasks page.
    page.goto(group_url)
    page.get_by_test_id("open-tasks").get_by_role("button", name="Markér som udført").click()
    expect(page.get_by_text("“Læs punkt 3 om sundhedspolitikken” er markeret som udført.")).to_be_visible()
    expect(page.get_by_test_id("done-tasks")).to_contain_text("Læs punkt 3 om sundhedspolitikken")
    axe(page, name="groups-07-task-done")
    page.goto(f"{base}mine-opgaver/")
    expect(page.get_by_test_id("my-done-tasks")).to_contain_text("Læs punkt 3 om sundhedspolitikken")
    expect(page.get_by_text("Du har ingen åbne opgaver.")).to_be_visible()
    axe(page, name="groups-08-my-tasks-done")

    # A member outside the group reads without forms.
    page.context.clear_cookies()
    login(page, w.users["member"])
    page.goto(group_url)
    expect(page.get_by_test_id("read-only")).to_contain_text("Du er ikke med i denne arbejdsgruppe")
    expect(page.get_by_label("Ny note")).to_have_count(0)
    axe(page, name="groups-09-group-read-only")
